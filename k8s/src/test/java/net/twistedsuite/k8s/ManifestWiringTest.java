package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyEgressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a schema cannot see: that selectors pick the pods they are meant for, that ports refer to
 * ports the containers open, and that everything referred to exists.
 */
class ManifestWiringTest {

  /** The kustomization checked: the base; the production overlay in a subclass. */
  RenderedManifests rendered() {
    return RenderedManifests.base();
  }

  private final RenderedManifests manifests = rendered();
  private final List<Workload> workloads = Workload.all(manifests);

  /** Kind and name of every object rendered, with the ConfigMaps' hash as -HASH. */
  Set<String> expectedObjects() {
    return new TreeSet<>(List.of(
        "StatefulSet finger", "Service finger", "PodDisruptionBudget finger", "NetworkPolicy finger",
        "Deployment setter", "Service setter", "PodDisruptionBudget setter", "NetworkPolicy setter",
        "NetworkPolicy setter-client",
        "Deployment proxy", "Service proxy", "PodDisruptionBudget proxy", "NetworkPolicy proxy",
        "NetworkPolicy proxy-upstream",
        "Deployment weblog", "Service weblog", "NetworkPolicy weblog",
        "StatefulSet fib", "Service fib", "NetworkPolicy fib",
        "Deployment echo", "Service echo", "PodDisruptionBudget echo", "NetworkPolicy echo",
        "Deployment download", "Service download", "PodDisruptionBudget download", "NetworkPolicy download",
        "StatefulSet watch", "Service watch", "NetworkPolicy watch-out",
        "Deployment notify", "Service notify", "NetworkPolicy notify",
        "Deployment exec", "Service exec", "NetworkPolicy exec", "NetworkPolicy exec-client",
        "Service twisted-cluster", "NetworkPolicy twisted-cluster",
        "NetworkPolicy default-deny", "NetworkPolicy dns", "NetworkPolicy metrics",
        "ConfigMap finger-conf-HASH", "ConfigMap setter-conf-HASH", "ConfigMap proxy-conf-HASH",
        "ConfigMap weblog-conf-HASH", "ConfigMap fib-conf-HASH", "ConfigMap echo-conf-HASH",
        "ConfigMap download-conf-HASH", "ConfigMap download-files-HASH", "ConfigMap notify-conf-HASH",
        "ConfigMap hazelcast-HASH", "ConfigMap watch-conf-HASH", "ConfigMap exec-conf-HASH"));
  }

  @Test
  void theBaseHoldsTheWholeSuite() {
    Set<String> objects = manifests.objects().stream()
        .map(o -> o.get("kind").getAsString() + " " + o.getAsJsonObject("metadata").get("name").getAsString()
            .replaceAll("-[a-z0-9]{10}$", "-HASH"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectedObjects(), objects);
  }

  @Test
  void everyPodRunsOneContainerTheService() {
    for (Workload w : workloads) {
      assertEquals(List.of(w.name()), w.pod().getContainers().stream().map(c -> c.getName()).toList(), w + " containers");
    }
  }

  @Test
  void everyWorkloadSelectsItsOwnPods() {
    for (Workload w : workloads) {
      Map<String, String> selector = w.selector().getMatchLabels();
      assertTrue(selector != null && !selector.isEmpty(), w + " has no selector labels");
      assertTrue(w.selectedBy(selector), w + ": selector " + selector + " misses its pod labels " + w.podLabels());
      assertTrue(w.selector().getMatchExpressions() == null || w.selector().getMatchExpressions().isEmpty(),
          w + ": matchExpressions are not checked here");
      for (Workload other : workloads) {
        assertTrue(other == w || !other.selectedBy(selector), w + "'s selector also picks the pods of " + other);
      }
    }
  }

  @Test
  void everyServiceSelectsPodsThatOpenItsPorts() {
    for (V1Service service : manifests.all("Service", V1Service.class)) {
      String name = service.getMetadata().getName();
      List<Workload> selected = selectedBy(service.getSpec().getSelector());
      assertFalse(selected.isEmpty(), "Service " + name + " selects no pods");
      for (V1ServicePort port : service.getSpec().getPorts()) {
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        for (Workload w : selected) {
          V1ContainerPort opened = w.port(target).orElseThrow(() -> new AssertionError(
              "Service " + name + " port " + port.getName() + " targets " + target + ", which " + w + " does not open"));
          assertEquals(Objects.requireNonNullElse(port.getProtocol(), "TCP"),
              Objects.requireNonNullElse(opened.getProtocol(), "TCP"), "protocol of Service " + name);
        }
      }
    }
  }

  @Test
  void eachServiceOfTheSuiteReachesItsOwnWorkloadOnItsPort() {
    Map<String, Integer> clientPorts = Map.of("finger", 79, "setter", 1179, "proxy", 7779, "weblog", 8888,
        "fib", 8889, "echo", 8000, "download", 8001, "notify", 6789, "exec", 1025);
    clientPorts.forEach((name, port) -> {
      V1Service service = manifests.get("Service", name, V1Service.class);
      assertEquals(List.of(Workload.named(manifests, name)), selectedBy(service.getSpec().getSelector()));
      V1ServicePort only = service.getSpec().getPorts().get(0);
      assertEquals(1, service.getSpec().getPorts().size(), "ports of Service " + name);
      assertEquals(port, only.getPort(), "port of Service " + name);
      assertEquals(name, only.getTargetPort().getStrValue(), "Service " + name + " targets the container port by name");
      assertTrue(service.getSpec().getType() == null || service.getSpec().getType().equals("ClusterIP"),
          "Service " + name + " stays inside the cluster; exposing it is an overlay's choice");
    });
    assertEquals(1079, Workload.named(manifests, "finger").namedPort("finger").getContainerPort(),
        "finger listens unprivileged and its Service exposes 79");
  }

  @Test
  void everyNetworkPolicyPicksPodsAndNamesTheirPorts() {
    for (V1NetworkPolicy policy : manifests.all("NetworkPolicy", V1NetworkPolicy.class)) {
      String name = policy.getMetadata().getName();
      Map<String, String> podSelector = RenderedManifests.labels(policy.getSpec().getPodSelector().getMatchLabels());
      List<Workload> selected = selectedBy(podSelector);
      // The namespace-wide policies select every pod; the setter-client one the operator's pods.
      assertFalse(selected.isEmpty() && !podSelector.isEmpty()
          && NetworkPolicyTest.CLIENT_LABELS.stream().noneMatch(podSelector::containsKey),
          "NetworkPolicy " + name + " applies to no pod");
      for (V1NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
          List.<V1NetworkPolicyIngressRule>of())) {
        assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(),
            "NetworkPolicy " + name + ": a rule without ports opens every port");
        for (V1NetworkPolicyPort port : rule.getPorts()) {
          for (Workload w : selected) {
            assertTrue(w.port(port.getPort()).isPresent(),
                "NetworkPolicy " + name + " admits port " + port.getPort() + ", which " + w + " does not open");
          }
        }
        for (V1NetworkPolicyPeer peer : Objects.requireNonNullElse(rule.getFrom(), List.<V1NetworkPolicyPeer>of())) {
          Map<String, String> labels = peer.getPodSelector() == null ? null : peer.getPodSelector().getMatchLabels();
          if (labels != null && !labels.isEmpty() && peer.getNamespaceSelector() == null
              && NetworkPolicyTest.CLIENT_LABELS.stream().noneMatch(labels::containsKey)) {
            assertFalse(selectedBy(labels).isEmpty(), "NetworkPolicy " + name + " admits pods labelled "
                + labels + ", and there are none");
          }
        }
      }
      for (V1NetworkPolicyEgressRule rule : Objects.requireNonNullElse(policy.getSpec().getEgress(),
          List.<V1NetworkPolicyEgressRule>of())) {
        assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(),
            "NetworkPolicy " + name + ": a rule without ports lets out to every port");
        for (V1NetworkPolicyPeer peer : Objects.requireNonNullElse(rule.getTo(), List.<V1NetworkPolicyPeer>of())) {
          if (peer.getNamespaceSelector() != null || peer.getIpBlock() != null) {
            continue;
          }
          List<Workload> destinations = selectedBy(peer.getPodSelector().getMatchLabels());
          assertFalse(destinations.isEmpty(), "NetworkPolicy " + name + " lets out to pods that do not exist");
          for (V1NetworkPolicyPort port : rule.getPorts()) {
            for (Workload w : destinations) {
              assertTrue(w.port(port.getPort()).isPresent(),
                  "NetworkPolicy " + name + " lets out to port " + port.getPort() + ", which " + w + " does not open");
            }
          }
        }
      }
    }
  }

  @Test
  void theSetterAdmitsOnlyThePodsLabelledAsItsClients() {
    V1Service service = manifests.get("Service", "setter", V1Service.class);
    assertTrue(service.getSpec().getType() == null || service.getSpec().getType().equals("ClusterIP"));
    V1NetworkPolicy policy = manifests.get("NetworkPolicy", "setter", V1NetworkPolicy.class);
    assertEquals(List.of(Workload.named(manifests, "setter")),
        selectedBy(policy.getSpec().getPodSelector().getMatchLabels()));
    for (V1NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "a rule without 'from' admits everyone");
      for (V1NetworkPolicyPeer peer : rule.getFrom()) {
        assertTrue(peer.getIpBlock() == null && peer.getNamespaceSelector() == null && peer.getPodSelector() != null,
            "the setter admits pods of its own namespace only: " + peer);
        assertEquals(Map.of(NetworkPolicyTest.SETTER_CLIENT, "true"), peer.getPodSelector().getMatchLabels(),
            "the setter admits its named clients, not every pod");
      }
    }
  }

  @Test
  void everyDisruptionBudgetCoversAWorkloadWithReplicasToSpare() {
    for (V1PodDisruptionBudget budget : manifests.all("PodDisruptionBudget", V1PodDisruptionBudget.class)) {
      List<Workload> selected = selectedBy(budget.getSpec().getSelector().getMatchLabels());
      assertEquals(1, selected.size(), "PodDisruptionBudget " + budget.getMetadata().getName());
      assertEquals(1, budget.getSpec().getMaxUnavailable().getIntValue(), "PodDisruptionBudget "
          + budget.getMetadata().getName() + " lets one pod go at a time");
      // The default (IfHealthyBudget) blocks a drain behind a pod that never becomes ready.
      assertEquals("AlwaysAllow", budget.getSpec().getUnhealthyPodEvictionPolicy(), "PodDisruptionBudget "
          + budget.getMetadata().getName() + " unhealthyPodEvictionPolicy");
      Workload w = selected.get(0);
      int replicas = replicas(w);
      assertTrue(replicas >= 2, w + ": a budget over one replica blocks every drain");
    }
  }

  @Test
  void everyStatefulSetIsGovernedByAnExistingService() {
    for (V1StatefulSet set : manifests.all("StatefulSet", V1StatefulSet.class)) {
      String governing = set.getSpec().getServiceName();
      V1Service service = manifests.get("Service", governing, V1Service.class);
      assertTrue(selectedBy(service.getSpec().getSelector()).contains(Workload.named(manifests,
          set.getMetadata().getName())), "Service " + governing + " does not select StatefulSet "
          + set.getMetadata().getName());
    }
  }

  @Test
  void everyVolumeMountedExistsAndEveryConfigMapAndClaimReferredToToo() {
    List<String> problems = new ArrayList<>();
    for (Workload w : workloads) {
      Set<String> volumes = new TreeSet<>();
      w.volumes().forEach(v -> volumes.add(v.getName()));
      w.claimTemplates().forEach(c -> volumes.add(c.getMetadata().getName()));
      for (V1VolumeMount mount : w.mounts()) {
        if (!volumes.contains(mount.getName())) {
          problems.add(w + " mounts " + mount.getName() + ", which is neither a volume nor a claim template");
        }
      }
      for (V1Volume volume : w.volumes()) {
        for (String configMap : Workload.configMapsOf(volume)) {
          if (manifests.find("ConfigMap", configMap, V1ConfigMap.class).isEmpty()) {
            problems.add(w + " volume " + volume.getName() + " shows ConfigMap " + configMap + ", which does not exist");
          }
        }
        if (volume.getPersistentVolumeClaim() != null && manifests.find("PersistentVolumeClaim",
            volume.getPersistentVolumeClaim().getClaimName(), V1PersistentVolumeClaim.class).isEmpty()) {
          problems.add(w + " volume " + volume.getName() + " claims "
              + volume.getPersistentVolumeClaim().getClaimName() + ", which does not exist");
        }
        if (w.mounts().stream().noneMatch(m -> m.getName().equals(volume.getName()))) {
          problems.add(w + " declares volume " + volume.getName() + " and mounts it nowhere");
        }
      }
      w.env().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null)
          .forEach(e -> {
            String configMap = e.getValueFrom().getConfigMapKeyRef().getName();
            String key = e.getValueFrom().getConfigMapKeyRef().getKey();
            boolean found = manifests.find("ConfigMap", configMap, V1ConfigMap.class)
                .map(cm -> cm.getData() != null && cm.getData().containsKey(key)).orElse(false);
            if (!found) {
              problems.add(w + " env " + e.getName() + " refers to " + configMap + "/" + key + ", which does not exist");
            }
          });
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyServiceReadsTheConfigurationGeneratedForIt() throws IOException {
    for (Workload w : workloads) {
      String conf = w.argAfter("-conf").orElseThrow(() -> new AssertionError(w + " is started without -conf"));
      assertEquals("/etc/twisted-suite/" + w.name() + ".json", conf, w + " -conf");
      assertEquals(Files.readString(RenderedManifests.BASE.resolve("conf").resolve(w.name() + ".json")),
          w.configFile(manifests, conf), w + " reads " + conf + ", which is not base/conf/" + w.name() + ".json");
    }
  }

  @Test
  void everyImageIsTheSuiteImageOfTheServiceAtThisVersion() {
    String version = System.getProperty("project.version");
    assertTrue(version != null && !version.isBlank(), "run through Maven: project.version is not set");
    for (Workload w : workloads) {
      assertEquals("localhost/twisted-suite/" + w.name() + ":" + version, w.container().getImage(), w + " image");
      assertEquals("IfNotPresent", w.container().getImagePullPolicy(), w + " pulls images loaded into the nodes only if missing");
    }
  }

  private int replicas(Workload w) {
    return manifests.objects().stream()
        .filter(o -> o.get("kind").getAsString().equals(w.kind()))
        .filter(o -> o.getAsJsonObject("metadata").get("name").getAsString().equals(w.name()))
        .findFirst().orElseThrow().getAsJsonObject("spec").get("replicas").getAsInt();
  }

  @Test
  void everyReplicatedServiceHasADisruptionBudget() {
    for (Workload w : workloads) {
      if (replicas(w) >= 2) {
        assertEquals(1, manifests.all("PodDisruptionBudget", V1PodDisruptionBudget.class).stream()
            .filter(b -> w.selectedBy(b.getSpec().getSelector().getMatchLabels())).count(), w + " PodDisruptionBudget");
      }
    }
    assertEquals(2, replicas(Workload.named(manifests, "setter")), "setter replicas: stateless, one may go");
  }

  private List<Workload> selectedBy(Map<String, String> selector) {
    return workloads.stream().filter(w -> w.selectedBy(selector)).toList();
  }
}
