package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every object of the rendered base is one the Kubernetes API accepts as written. */
class ManifestSchemaTest {

  @Test
  void everyRenderedObjectIsValidForTheKubernetesApi() {
    List<JsonObject> objects = RenderedManifests.base().objects();
    List<String> problems = new ArrayList<>();
    objects.forEach(o -> problems.addAll(KubernetesSchema.problems(o)));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void aFieldTheApiDoesNotKnowIsRefused() {
    JsonObject finger = statefulSet("finger");
    container(finger).addProperty("imagePullPolcy", "Always");
    assertProblem(finger, "imagePullPolcy");
  }

  @Test
  void aFieldTheApiDoesNotKnowIsRefusedDeepInsideToo() {
    JsonObject finger = statefulSet("finger");
    container(finger).getAsJsonObject("readinessProbe").addProperty("periodSecond", 10);
    assertProblem(finger, "periodSecond");
  }

  @Test
  void aNumberWrittenAsTextIsRefused() {
    JsonObject finger = statefulSet("finger");
    container(finger).getAsJsonArray("ports").get(0).getAsJsonObject()
        .add("containerPort", new JsonPrimitive("1079"));
    assertProblem(finger, "containerPort");
  }

  @Test
  void aMalformedQuantityIsRefused() {
    JsonObject finger = statefulSet("finger");
    container(finger).getAsJsonObject("resources").getAsJsonObject("limits")
        .addProperty("memory", "512 MB");
    assertProblem(finger, "quantity");
  }

  @Test
  void aMissingRequiredFieldIsRefused() {
    JsonObject finger = statefulSet("finger");
    finger.getAsJsonObject("spec").remove("selector");
    assertProblem(finger, "selector");
  }

  @Test
  void aKindWithoutAModelIsRefused() {
    JsonObject finger = statefulSet("finger");
    finger.addProperty("apiVersion", "apps/v1beta1");
    assertProblem(finger, "no model");
  }

  private static JsonObject statefulSet(String name) {
    return RenderedManifests.base().objects().stream()
        .filter(o -> o.get("kind").getAsString().equals("StatefulSet"))
        .filter(o -> o.getAsJsonObject("metadata").get("name").getAsString().equals(name))
        .findFirst().orElseThrow();
  }

  private static JsonObject container(JsonObject workload) {
    return workload.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
        .getAsJsonArray("containers").get(0).getAsJsonObject();
  }

  private static void assertProblem(JsonObject object, String mentioned) {
    List<String> problems = KubernetesSchema.problems(object);
    assertTrue(problems.stream().anyMatch(p -> p.contains(mentioned)),
        "expected a problem mentioning '" + mentioned + "', got: " + problems);
  }
}
