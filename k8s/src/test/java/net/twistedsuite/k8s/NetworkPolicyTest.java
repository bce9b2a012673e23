package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import net.twistedsuite.k8s.NetworkPolicies.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * The namespace's NetworkPolicies, evaluated for every pair of endpoints and every port: exactly
 * the connections the suite needs are allowed, and nothing else, in either direction.
 */
class NetworkPolicyTest {

  static final String NAMESPACE = "twisted-suite";
  /** The label that admits a pod of the namespace to the setter. */
  static final String SETTER_CLIENT = "twistedsuite.net/setter-client";
  /** The label that admits a pod of the namespace to exec. */
  static final String EXEC_CLIENT = "twistedsuite.net/exec-client";
  /** The labels by which the operator's own pods become clients of a service. */
  static final Set<String> CLIENT_LABELS = Set.of(SETTER_CLIENT, EXEC_CLIENT);
  /** The label of a namespace whose pods may scrape the admin ports. */
  static final String SCRAPER_NAMESPACE = "twistedsuite.net/metrics-scraper";

  private final RenderedManifests manifests = rendered();
  private final List<Workload> workloads = Workload.all(manifests);
  private final NetworkPolicies policies = new NetworkPolicies(NAMESPACE,
      manifests.all("NetworkPolicy", V1NetworkPolicy.class));

  private final Endpoint plainPod = Endpoint.pod("a pod of the namespace", NAMESPACE, Map.of(),
      Map.of("app", "shell"), Map.of());
  private final Endpoint setterClient = Endpoint.pod("a setter client", NAMESPACE, Map.of(),
      Map.of(SETTER_CLIENT, "true"), Map.of());
  private final Endpoint execClient = Endpoint.pod("an exec client", NAMESPACE, Map.of(),
      Map.of(EXEC_CLIENT, "true"), Map.of());
  private final Endpoint elsewhere = Endpoint.pod("a pod of another namespace", "elsewhere", Map.of(),
      Map.of("app", "client"), Map.of("http", 8080));
  private final Endpoint scraper = Endpoint.pod("a metrics scraper", "monitoring",
      Map.of(SCRAPER_NAMESPACE, "true"), Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
  private final Endpoint dns = Endpoint.pod("the cluster DNS", "kube-system", Map.of(),
      Map.of("k8s-app", "kube-dns"), Map.of("dns", 53, "dns-tcp", 53));
  private final Endpoint outsideClient = Endpoint.outside("a client outside the cluster", "198.51.100.7");
  private final Endpoint webServer = Endpoint.outside("a web or mail server on the Internet", "203.0.113.10");

  /** The kustomization checked: the base; the production overlay in a subclass. */
  RenderedManifests rendered() {
    return RenderedManifests.base();
  }

  @Test
  void everyPodOfTheNamespaceStartsWithNoTrafficInOrOut() {
    V1NetworkPolicy deny = manifests.get("NetworkPolicy", "default-deny", V1NetworkPolicy.class);
    assertEquals(Map.of(), RenderedManifests.labels(deny.getSpec().getPodSelector().getMatchLabels()),
        "default-deny selects every pod");
    assertTrue(deny.getSpec().getPodSelector().getMatchExpressions() == null
        || deny.getSpec().getPodSelector().getMatchExpressions().isEmpty());
    assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(deny.getSpec().getPolicyTypes()));
    assertTrue((deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty())
        && (deny.getSpec().getEgress() == null || deny.getSpec().getEgress().isEmpty()),
        "default-deny allows nothing itself");
  }

  @Test
  void exactlyTheConnectionsTheSuiteNeedsAreAllowed() {
    List<Endpoint> sources = new ArrayList<>(suitePods().keySet());
    sources.addAll(List.of(plainPod, setterClient, execClient, elsewhere, scraper, outsideClient));
    List<String> wrong = new ArrayList<>();
    for (Endpoint from : sources) {
      for (Map.Entry<Endpoint, Workload> dest : suitePods().entrySet()) {
        for (V1ContainerPort port : dest.getValue().ports()) {
          check(from, dest.getKey(), port.getContainerPort(), "TCP",
              expectedIntoSuite(from, dest.getValue(), port.getName()), wrong);
        }
      }
      if (!inNamespace(from)) {
        continue;
      }
      check(from, dns, 53, "UDP", true, wrong);
      check(from, dns, 53, "TCP", true, wrong);
      check(from, dns, 9153, "TCP", false, wrong);
      for (int port : List.of(80, 443, 25, 587, 8080, 1079, 5701)) {
        check(from, webServer, port, "TCP", isWorkload(from, "watch") && webPorts().contains(port), wrong);
      }
      check(from, elsewhere, 8080, "TCP", false, wrong);
      check(from, plainPod, 22, "TCP", false, wrong);
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void watchReachesTheMailServerItIsConfiguredFor() {
    int mailPort = ServiceConf.parse(Workload.named(manifests, "watch")
        .configFile(manifests, "/etc/twisted-suite/watch.json")).getJsonObject("mail").getInteger("port");
    assertTrue(policies.allows(suitePod("watch"), webServer, mailPort, "TCP"), "watch to mail.port " + mailPort);
  }

  @Test
  void theProxyReachesItsConfiguredUpstream() {
    JsonObject upstream = ServiceConf.parse(Workload.named(manifests, "proxy")
        .configFile(manifests, "/etc/twisted-suite/proxy.json")).getJsonObject("upstream");
    assertEquals("finger", upstream.getString("host"), "the upstream in the namespace; other upstreams need their own egress rule");
    assertEquals(79, upstream.getInteger("port"));
    int target = Workload.named(manifests, "finger").namedPort("finger").getContainerPort();
    assertTrue(policies.allows(suitePod("proxy"), suitePod("finger"), target, "TCP"),
        "proxy to the pods behind the finger Service");
  }

  /** Who may open {@code portName} of a suite pod. */
  private boolean expectedIntoSuite(Endpoint from, Workload to, String portName) {
    Workload source = suitePods().get(from);
    return switch (portName) {
      case "hazelcast", "eventbus" -> source != null && source.clustered() && to.clustered();
      case "admin" -> from == scraper;
      case "setter" -> from == setterClient;
      case "exec" -> from == execClient;
      default -> {
        assertEquals(to.name(), portName, to + ": a port the checks do not know");
        // Clients come from outside the namespace; inside, only the proxy has a reason to call.
        yield !inNamespace(from) || (isWorkload(from, "proxy") && to.name().equals("finger"));
      }
    };
  }

  private void check(Endpoint from, Endpoint to, int port, String protocol, boolean expected, List<String> wrong) {
    boolean actual = policies.allows(from, to, port, protocol);
    if (actual != expected) {
      wrong.add(from + " -> " + to + " port " + port + "/" + protocol + ": "
          + (actual ? "allowed, and should not be" : "refused, and should be allowed"));
    }
  }

  private Set<Integer> webPorts() {
    int mailPort = ServiceConf.parse(Workload.named(manifests, "watch")
        .configFile(manifests, "/etc/twisted-suite/watch.json")).getJsonObject("mail").getInteger("port");
    return new TreeSet<>(List.of(80, 443, mailPort));
  }

  private boolean inNamespace(Endpoint e) {
    return e.isPod() && NAMESPACE.equals(e.namespace());
  }

  private boolean isWorkload(Endpoint e, String name) {
    Workload w = suitePods().get(e);
    return w != null && w.name().equals(name);
  }

  private Endpoint suitePod(String name) {
    return suitePods().entrySet().stream().filter(e -> e.getValue().name().equals(name))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no workload " + name));
  }

  private Map<Endpoint, Workload> suitePodsCache;

  private Map<Endpoint, Workload> suitePods() {
    if (suitePodsCache == null) {
      Map<Endpoint, Workload> pods = new LinkedHashMap<>();
      for (Workload w : workloads) {
        Map<String, Integer> named = new LinkedHashMap<>();
        w.ports().forEach(p -> named.put(Objects.requireNonNull(p.getName(), w + " has an unnamed port"),
            p.getContainerPort()));
        pods.put(Endpoint.pod(w.toString(), NAMESPACE, Map.of(), w.podLabels(), named), w);
      }
      suitePodsCache = pods;
    }
    return suitePodsCache;
  }
}
