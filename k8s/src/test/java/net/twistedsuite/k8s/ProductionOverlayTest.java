package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PriorityClass;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the production overlay adds to the base: digests, labels, storage, scheduling, and
 * nothing cluster-wide that {@code kubectl delete -k} could take with it.
 */
class ProductionOverlayTest {

  static final List<String> RECOMMENDED = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
      "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of");
  static final String STORAGE_CLASS = "twisted-suite-data";

  private final RenderedManifests production = RenderedManifests.production();
  private final RenderedManifests cluster = RenderedManifests.productionCluster();
  private final RenderedManifests base = RenderedManifests.base();

  @Test
  void everyObjectIsValidForTheKubernetesApi() {
    List<String> problems = new ArrayList<>();
    production.objects().forEach(o -> problems.addAll(KubernetesSchema.problems(o)));
    cluster.objects().forEach(o -> problems.addAll(KubernetesSchema.problems(o)));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void neitherTheBaseNorTheOverlayHoldsTheNamespaceOrAnythingClusterWide() {
    // kubectl delete -k of either then never deletes the namespace, and with it the claims.
    for (RenderedManifests suite : List.of(base, production)) {
      for (JsonObject o : suite.objects()) {
        String kind = o.get("kind").getAsString();
        assertFalse(Set.of("Namespace", "PriorityClass", "StorageClass", "ClusterRole").contains(kind),
            RenderedManifests.describe(o) + " would be deleted with the suite");
        assertEquals("twisted-suite", o.getAsJsonObject("metadata").get("namespace").getAsString(),
            RenderedManifests.describe(o) + " namespace");
      }
    }
    assertEquals(List.of("Namespace twisted-suite", "PriorityClass twisted-suite"),
        cluster.objects().stream().map(RenderedManifests::describe).sorted().toList());
    assertEquals(RenderedManifests.namespace().objects().get(0).getAsJsonObject("metadata").getAsJsonObject("labels")
        .get("pod-security.kubernetes.io/enforce"), cluster.objects().stream()
        .filter(o -> o.get("kind").getAsString().equals("Namespace")).findFirst().orElseThrow()
        .getAsJsonObject("metadata").getAsJsonObject("labels").get("pod-security.kubernetes.io/enforce"));
  }

  @Test
  void everyObjectAndPodCarriesTheRecommendedLabels() {
    String version = System.getProperty("project.version");
    assertNotNull(version, "run through Maven: project.version is not set");
    List<JsonObject> all = new ArrayList<>(production.objects());
    all.addAll(cluster.objects());
    String instance = null;
    for (JsonObject o : all) {
      Map<String, String> labels = labels(o.getAsJsonObject("metadata"));
      for (String key : RECOMMENDED) {
        assertTrue(labels.containsKey(key) && !labels.get(key).isBlank(), RenderedManifests.describe(o) + " lacks " + key);
      }
      assertEquals(version, labels.get("app.kubernetes.io/version"), RenderedManifests.describe(o) + " version");
      assertEquals("twisted-suite", labels.get("app.kubernetes.io/part-of"), RenderedManifests.describe(o));
      instance = instance == null ? labels.get("app.kubernetes.io/instance") : instance;
      assertEquals(instance, labels.get("app.kubernetes.io/instance"), RenderedManifests.describe(o) + " instance");
    }
    for (Workload w : Workload.all(production)) {
      for (String key : RECOMMENDED) {
        assertTrue(w.podLabels().containsKey(key), w + " pods lack " + key);
      }
      assertEquals(w.name(), w.podLabels().get("app.kubernetes.io/name"), w + " pods");
      // Selectors cannot change once a workload exists: the overlay leaves them as the base has them.
      assertEquals(Workload.named(base, w.name()).selector(), w.selector(), w + " selector");
    }
  }

  @Test
  void everyVolumeComesFromTheSuitesStorageClassAndFibsFromOnePodOnly() {
    for (Workload w : Workload.all(production)) {
      for (V1PersistentVolumeClaim claim : w.claimTemplates()) {
        assertEquals(STORAGE_CLASS, claim.getSpec().getStorageClassName(), w + " claim " + claim.getMetadata().getName());
      }
    }
    assertEquals(List.of("ReadWriteOncePod"), Workload.named(production, "fib").claimTemplates().get(0)
        .getSpec().getAccessModes(), "fib's volume: one writer, by the volume's own rule");
  }

  @Test
  void fibIsGovernedByAHeadlessService() {
    V1StatefulSet fib = production.get("StatefulSet", "fib", V1StatefulSet.class);
    V1Service governing = production.get("Service", fib.getSpec().getServiceName(), V1Service.class);
    assertEquals("None", governing.getSpec().getClusterIP(), "fib's governing Service is headless");
    assertTrue(Workload.named(production, "fib").selectedBy(governing.getSpec().getSelector()));
    V1Service clients = production.get("Service", "fib", V1Service.class);
    assertTrue(clients.getSpec().getClusterIP() == null, "clients keep the ClusterIP Service fib");
  }

  @Test
  void everyPodRunsInTheSuitesPriorityClass() {
    V1PriorityClass priority = cluster.all("PriorityClass", V1PriorityClass.class).get(0);
    assertEquals(Boolean.FALSE, priority.getGlobalDefault(), "the class is the suite's, not every pod's");
    assertTrue(priority.getValue() > 0 && priority.getValue() < 1_000_000_000,
        "above ordinary pods, below the system classes: " + priority.getValue());
    for (Workload w : Workload.all(production)) {
      assertEquals(priority.getMetadata().getName(), w.pod().getPriorityClassName(), w + " priority class");
    }
    for (Workload w : Workload.all(base)) {
      assertEquals(null, w.pod().getPriorityClassName(), w + ": the quick start needs no cluster-wide object");
    }
  }

  private static Map<String, String> labels(JsonObject metadata) {
    Map<String, String> labels = new java.util.HashMap<>();
    if (metadata.has("labels")) {
      metadata.getAsJsonObject("labels").entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    }
    return labels;
  }
}
