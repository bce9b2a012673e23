package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The optional scraping by the Prometheus Operator (overlays/production/monitoring): a headless
 * Service in front of every admin server and the ServiceMonitor that points Prometheus at it.
 * The ServiceMonitor has no model in the Kubernetes client: its fields are checked against the
 * Operator's monitoring.coreos.com/v1 API by name here, for the few this suite uses.
 */
class ProductionMonitoringTest {

  private static final Set<String> SPEC_FIELDS = Set.of("selector", "namespaceSelector", "endpoints",
      "podTargetLabels", "targetLabels", "jobLabel");
  private static final Set<String> ENDPOINT_FIELDS = Set.of("port", "path", "scheme", "interval",
      "scrapeTimeout", "honorLabels", "relabelings", "metricRelabelings");

  private final RenderedManifests monitoring = RenderedManifests.productionMonitoring();
  private final RenderedManifests production = RenderedManifests.production();

  private V1Service service() {
    return monitoring.get("Service", "twisted-suite-metrics", V1Service.class);
  }

  private JsonObject serviceMonitor() {
    List<JsonObject> monitors = monitoring.objects().stream()
        .filter(o -> o.get("kind").getAsString().equals("ServiceMonitor")).toList();
    assertEquals(1, monitors.size(), "one ServiceMonitor for the suite");
    return monitors.get(0);
  }

  @Test
  void theMetricsServiceIsValidHeadlessAndSelectsExactlyThePodsWithAnAdminServer() {
    List<String> problems = new ArrayList<>();
    monitoring.objects().stream().filter(o -> !o.get("kind").getAsString().equals("ServiceMonitor"))
        .forEach(o -> problems.addAll(KubernetesSchema.problems(o)));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    V1Service service = service();
    assertEquals("None", service.getSpec().getClusterIP(), "each pod is scraped, never a balanced address");
    assertEquals(1, service.getSpec().getPorts().size());
    V1ServicePort port = service.getSpec().getPorts().get(0);
    assertEquals(Workload.ADMIN_PORT, port.getName());
    assertEquals(Workload.ADMIN_PORT, port.getTargetPort().getStrValue(), "each pod's own admin port, by name");
    List<Workload> withAdmin = new ArrayList<>();
    for (Workload w : Workload.all(production)) {
      assertEquals(w.hasAdmin(), w.selectedBy(service.getSpec().getSelector()),
          w + (w.hasAdmin() ? " has an admin server the Service misses" : " has no admin server"));
      if (w.hasAdmin()) {
        withAdmin.add(w);
      }
    }
    assertFalse(withAdmin.isEmpty(), "no pod has an admin server");
  }

  @Test
  void theServiceMonitorScrapesMetricsOfTheSuitesServiceOnly() {
    JsonObject monitor = serviceMonitor();
    assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion").getAsString());
    assertEquals("twisted-suite", monitor.getAsJsonObject("metadata").get("namespace").getAsString());
    JsonObject spec = monitor.getAsJsonObject("spec");
    assertTrue(SPEC_FIELDS.containsAll(spec.keySet()), "unknown fields: " + unknown(spec, SPEC_FIELDS));
    Map<String, String> matchLabels = strings(spec.getAsJsonObject("selector").getAsJsonObject("matchLabels"));
    Map<String, String> serviceLabels = RenderedManifests.labels(service().getMetadata().getLabels());
    assertTrue(serviceLabels.entrySet().containsAll(matchLabels.entrySet()), "selects the metrics Service");
    for (V1Service other : production.all("Service", V1Service.class)) {
      Map<String, String> labels = RenderedManifests.labels(other.getMetadata().getLabels());
      assertFalse(labels.entrySet().containsAll(matchLabels.entrySet()),
          "selects " + other.getMetadata().getName() + ", which has no admin port");
    }
    JsonArray names = spec.getAsJsonObject("namespaceSelector").getAsJsonArray("matchNames");
    assertEquals(List.of("twisted-suite"), names.asList().stream().map(JsonElement::getAsString).toList());
    assertEquals(List.of("app.kubernetes.io/name"),
        spec.getAsJsonArray("podTargetLabels").asList().stream().map(JsonElement::getAsString).toList(),
        "each series names the service it comes from");
    JsonArray endpoints = spec.getAsJsonArray("endpoints");
    assertEquals(1, endpoints.size());
    JsonObject endpoint = endpoints.get(0).getAsJsonObject();
    assertTrue(ENDPOINT_FIELDS.containsAll(endpoint.keySet()), "unknown fields: " + unknown(endpoint, ENDPOINT_FIELDS));
    assertEquals(Workload.ADMIN_PORT, endpoint.get("port").getAsString(), "the Service's port, by name");
    assertEquals("/metrics", endpoint.get("path").getAsString());
    assertEquals("http", endpoint.get("scheme").getAsString());
    assertTrue(seconds(endpoint.get("scrapeTimeout").getAsString()) < seconds(endpoint.get("interval").getAsString()),
        "a scrape ends before the next begins");
  }

  @Test
  void bothCarryTheRecommendedLabelsOfTheOverlay() {
    String version = System.getProperty("project.version");
    for (JsonObject o : monitoring.objects()) {
      Map<String, String> labels = strings(o.getAsJsonObject("metadata").getAsJsonObject("labels"));
      for (String key : ProductionOverlayTest.RECOMMENDED) {
        assertTrue(labels.containsKey(key) && !labels.get(key).isBlank(), RenderedManifests.describe(o) + " lacks " + key);
      }
      assertEquals(version, labels.get("app.kubernetes.io/version"), RenderedManifests.describe(o) + " version");
      assertEquals("twisted-suite-production", labels.get("app.kubernetes.io/instance"), RenderedManifests.describe(o));
    }
  }

  private static Set<String> unknown(JsonObject object, Set<String> known) {
    Set<String> out = new TreeSet<>(object.keySet());
    out.removeAll(known);
    return out;
  }

  private static Map<String, String> strings(JsonObject object) {
    Map<String, String> out = new java.util.HashMap<>();
    object.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
    return out;
  }

  /** A Prometheus duration in whole seconds or minutes: 30s, 1m. */
  private static long seconds(String duration) {
    long n = Long.parseLong(duration.substring(0, duration.length() - 1));
    return switch (duration.charAt(duration.length() - 1)) {
      case 's' -> n;
      case 'm' -> n * 60;
      default -> throw new AssertionError("unexpected duration " + duration);
    };
  }
}
