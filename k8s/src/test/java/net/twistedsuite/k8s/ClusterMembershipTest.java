package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Vert.x cluster on Kubernetes: Hazelcast members find each other through the headless
 * Service and nothing else, the event bus advertises the pod's address, and only members reach
 * the cluster ports.
 */
class ClusterMembershipTest {

  /** The kustomization checked: the base; the production overlay in a subclass. */
  RenderedManifests rendered() {
    return RenderedManifests.base();
  }

  static final String MEMBER_LABEL = "twistedsuite.net/cluster-member";
  static final String CONFIG_OPTION = "-Dvertx.hazelcast.config=";

  private final RenderedManifests manifests = rendered();
  private final List<Workload> members = Workload.all(manifests).stream().filter(Workload::clustered).toList();

  @Test
  void fingerAndSetterAreTheMembers() {
    assertEquals(Set.of("finger", "setter"), members.stream().map(Workload::name).collect(Collectors.toSet()));
    for (Workload w : Workload.all(manifests)) {
      assertEquals(w.clustered(), "true".equals(w.podLabels().get(MEMBER_LABEL)),
          w + ": the member label must be on exactly the pods started with -cluster");
    }
  }

  @Test
  void hazelcastFindsMembersThroughTheHeadlessServiceOnly() {
    Config config = deployedHazelcastConfig();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertFalse(join.getMulticastConfig().isEnabled(), "multicast");
    assertFalse(join.getTcpIpConfig().isEnabled(), "tcp-ip");
    assertFalse(join.getAutoDetectionConfig().isEnabled(), "auto-detection");
    KubernetesConfig kubernetes = join.getKubernetesConfig();
    assertTrue(kubernetes.isEnabled(), "kubernetes join");
    assertEquals(Set.of("service-dns", "service-dns-timeout", "service-port"), kubernetes.getProperties().keySet(),
        "DNS lookup mode (no API access, no namespace or service-name properties)");

    V1Service headless = manifests.get("Service", kubernetes.getProperty("service-dns"), V1Service.class);
    assertEquals("None", headless.getSpec().getClusterIP(), "the service-dns Service is headless");
    assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(),
        "starting members must find the others before they are ready");
    assertEquals(members, Workload.all(manifests).stream()
        .filter(w -> w.selectedBy(headless.getSpec().getSelector())).toList(), "members behind " + headless.getMetadata().getName());

    int port = Integer.parseInt(kubernetes.getProperty("service-port"));
    assertEquals(port, config.getNetworkConfig().getPort(), "the port members listen on is the one they look for");
    V1ServicePort servicePort = headless.getSpec().getPorts().get(0);
    assertEquals(port, servicePort.getPort(), "headless Service port");
    for (Workload w : members) {
      assertEquals(port, w.port(servicePort.getTargetPort()).orElseThrow().getContainerPort(), w + " hazelcast port");
    }
  }

  @Test
  void theClusterKeepsTheMapsVertxDeclaresByDefault() throws IOException {
    Config ours = deployedHazelcastConfig();
    Config vertx;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("default-cluster.xml")) {
      assertNotNull(in, "vertx-hazelcast's default-cluster.xml");
      vertx = new XmlConfigBuilder(in).build();
    }
    for (Map.Entry<String, MultiMapConfig> e : vertx.getMultiMapConfigs().entrySet()) {
      MultiMapConfig mine = ours.getMultiMapConfigs().get(e.getKey());
      assertNotNull(mine, "multimap " + e.getKey());
      assertEquals(e.getValue().getBackupCount(), mine.getBackupCount(), e.getKey() + " backups");
      assertEquals(e.getValue().getValueCollectionType(), mine.getValueCollectionType(), e.getKey());
    }
    for (Map.Entry<String, MapConfig> e : vertx.getMapConfigs().entrySet()) {
      MapConfig mine = ours.getMapConfigs().get(e.getKey());
      assertNotNull(mine, "map " + e.getKey());
      assertEquals(e.getValue().getBackupCount(), mine.getBackupCount(), e.getKey() + " backups");
    }
    assertEquals("false", ours.getProperty("hazelcast.phone.home.enabled"), "no calls home");
  }

  @Test
  void hazelcastListensOnThePodAddressOnly() {
    // Without it Hazelcast binds every interface; the launcher binds to the -cluster-host address
    // (the pod IP, checked below) and enforces this too, the file says so for whoever reads it.
    assertEquals("false", deployedHazelcastConfig().getProperty("hazelcast.socket.bind.any"),
        "hazelcast.socket.bind.any");
  }

  @Test
  void everyMemberReadsTheKubernetesHazelcastConfiguration() {
    String deployed = hazelcastConfigMap().getData().get("hazelcast.xml");
    for (Workload w : members) {
      String options = w.envVar("JDK_JAVA_OPTIONS").map(V1EnvVar::getValue)
          .orElseThrow(() -> new AssertionError(w + " sets no JDK_JAVA_OPTIONS"));
      String path = List.of(options.split("\\s+")).stream().filter(o -> o.startsWith(CONFIG_OPTION))
          .map(o -> o.substring(CONFIG_OPTION.length())).findFirst()
          .orElseThrow(() -> new AssertionError(w + " does not set vertx.hazelcast.config"));
      // Vert.x falls back to the jar's cluster.xml (multicast) when the file is missing.
      assertEquals(deployed, w.configFile(manifests, path), w + " " + path);
    }
  }

  @Test
  void theClusterSocketsListenOnAndAdvertiseThePodAddressOnPortsMembersMayReach() {
    for (Workload w : members) {
      assertEquals("$(POD_IP)", w.argAfter("-cluster-host").orElse(null),
          w + ": without -cluster-host the event bus and Hazelcast may listen on every interface, or"
          + " advertise an address other pods cannot reach");
      V1EnvVar podIp = w.envVar("POD_IP").orElseThrow(() -> new AssertionError(w + " has no POD_IP"));
      assertEquals("status.podIP", podIp.getValueFrom().getFieldRef().getFieldPath(), w + " POD_IP");
      assertTrue(w.env().indexOf(podIp) >= 0, w + " POD_IP");
      int busPort = Integer.parseInt(w.argAfter("-cluster-port")
          .orElseThrow(() -> new AssertionError(w + ": a random event bus port cannot be let through a NetworkPolicy")));
      assertEquals(busPort, w.namedPort("eventbus").getContainerPort(), w + " event bus port");
    }
  }

  @Test
  void onlyMembersReachTheClusterPorts() {
    V1NetworkPolicy policy = manifests.get("NetworkPolicy", "twisted-cluster", V1NetworkPolicy.class);
    Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
    assertEquals("true", selector.get(MEMBER_LABEL));
    assertEquals(members, Workload.all(manifests).stream().filter(w -> w.selectedBy(selector)).toList());
    Set<String> admitted = new TreeSet<>();
    for (V1NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertEquals(1, rule.getFrom().size(), "one peer: the members");
      assertEquals(selector, rule.getFrom().get(0).getPodSelector().getMatchLabels(), "peers");
      rule.getPorts().forEach(p -> admitted.add(p.getPort().getStrValue()));
    }
    assertEquals(Set.of("hazelcast", "eventbus"), admitted);
    // The other policies that pick members must not open the cluster ports to anyone else.
    for (V1NetworkPolicy other : manifests.all("NetworkPolicy", V1NetworkPolicy.class)) {
      if (other.getMetadata().getName().equals("twisted-cluster")) {
        continue;
      }
      for (V1NetworkPolicyIngressRule rule : java.util.Objects.requireNonNullElse(other.getSpec().getIngress(),
          List.<V1NetworkPolicyIngressRule>of())) {
        for (var p : rule.getPorts()) {
          String port = p.getPort().isInteger() ? String.valueOf(p.getPort().getIntValue()) : p.getPort().getStrValue();
          assertFalse(Set.of("hazelcast", "eventbus", "5701", "5801").contains(port),
              "NetworkPolicy " + other.getMetadata().getName() + " opens " + port);
        }
      }
    }
  }

  @Test
  void aLeavingMemberStopsWaitingForMigrationsBeforeTheKubeletKillsIt() {
    Config config = deployedHazelcastConfig();
    String maxWait = config.getProperty("hazelcast.graceful.shutdown.max.wait");
    assertNotNull(maxWait, "hazelcast.graceful.shutdown.max.wait (600 s by default)");
    int wait = Integer.parseInt(maxWait);
    for (Workload w : members) {
      int pause = Integer.parseInt(w.container().getLifecycle().getPreStop().getExec().getCommand().get(1));
      long grace = w.pod().getTerminationGracePeriodSeconds();
      // After the pause and the migrations, the service still closes its connections and saves.
      assertTrue(pause + wait + STOP_SECONDS <= grace, w + ": preStop " + pause + " s + graceful leave " + wait
          + " s + " + STOP_SECONDS + " s to stop exceed the grace period of " + grace + " s");
    }
    assertTrue(wait >= 10, "a leave cut short after " + wait + " s leaves partitions to the backups too often");
  }

  /** What a member needs after leaving the cluster: close the connections, save, exit. */
  static final int STOP_SECONDS = 10;

  private V1ConfigMap hazelcastConfigMap() {
    return manifests.all("ConfigMap", V1ConfigMap.class).stream()
        .filter(cm -> cm.getMetadata().getName().startsWith("hazelcast-")).findFirst()
        .orElseThrow(() -> new AssertionError("no hazelcast ConfigMap"));
  }

  private Config deployedHazelcastConfig() {
    String xml = hazelcastConfigMap().getData().get("hazelcast.xml");
    assertNotNull(xml, "the hazelcast ConfigMap has no hazelcast.xml");
    return new XmlConfigBuilder(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).build();
  }
}
