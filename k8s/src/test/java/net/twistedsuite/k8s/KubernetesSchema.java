package net.twistedsuite.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PriorityClass;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks objects against the Kubernetes API schema as the official Java client's generated
 * models describe it, strictly: a field the API does not know, a missing required field or a
 * value of the wrong type is a problem, as it is for the API server (kubectl apply with
 * server-side field validation). Two checks together: the models' own validateJsonElement
 * (unknown and required fields, JSON shapes), and a round trip through the typed model, which
 * must give back exactly the object it was given (catches a number written as a string, a
 * malformed quantity, and anything else the first check lets through).
 */
final class KubernetesSchema {

  private static final Map<String, Class<?>> MODELS = Map.ofEntries(
      Map.entry("v1/Namespace", V1Namespace.class),
      Map.entry("v1/ConfigMap", V1ConfigMap.class),
      Map.entry("v1/Secret", V1Secret.class),
      Map.entry("v1/Service", V1Service.class),
      Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
      Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class),
      Map.entry("apps/v1/Deployment", V1Deployment.class),
      Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
      Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
      Map.entry("scheduling.k8s.io/v1/PriorityClass", V1PriorityClass.class));

  private KubernetesSchema() {
  }

  /** What is wrong with {@code object}, one line each; empty if the API server would take it. */
  static List<String> problems(JsonObject object) {
    String what = RenderedManifests.describe(object);
    String apiVersion = object.has("apiVersion") ? object.get("apiVersion").getAsString() : "?";
    Class<?> model = MODELS.get(apiVersion + "/" + object.get("kind").getAsString());
    if (model == null) {
      return List.of(what + ": no model for apiVersion " + apiVersion + " (known: "
          + new TreeSet<>(MODELS.keySet()) + ")");
    }
    List<String> problems = new ArrayList<>();
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, object);
    } catch (InvocationTargetException e) {
      problems.add(what + ": " + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(model + " has no validateJsonElement", e);
    }
    JsonElement back;
    try {
      back = JSON.getGson().toJsonTree(JSON.getGson().fromJson(object, model));
    } catch (RuntimeException e) {
      problems.add(what + ": " + e.getMessage());
      return problems;
    }
    differences(object, back, "", problems, what);
    return problems;
  }

  private static boolean isEmpty(JsonElement e) {
    return e.isJsonNull() || (e.isJsonArray() && e.getAsJsonArray().isEmpty())
        || (e.isJsonObject() && e.getAsJsonObject().size() == 0);
  }

  private static void differences(JsonElement given, JsonElement typed, String path,
      List<String> out, String what) {
    if (given.equals(typed)) {
      return;
    }
    if (given.isJsonObject() && typed.isJsonObject()) {
      JsonObject a = given.getAsJsonObject();
      JsonObject b = typed.getAsJsonObject();
      Set<String> keys = new TreeSet<>(a.keySet());
      keys.addAll(b.keySet());
      for (String key : keys) {
        String at = path.isEmpty() ? key : path + "." + key;
        if (!b.has(key)) {
          out.add(what + ": " + at + ": unknown field");
        } else if (!a.has(key)) {
          // The models start every list and map empty; only a value that was not there is news.
          if (!isEmpty(b.get(key))) {
            out.add(what + ": " + at + ": appears when read back (" + b.get(key) + ")");
          }
        } else {
          differences(a.get(key), b.get(key), at, out, what);
        }
      }
    } else if (given.isJsonArray() && typed.isJsonArray() && given.getAsJsonArray().size()
        == typed.getAsJsonArray().size()) {
      JsonArray a = given.getAsJsonArray();
      JsonArray b = typed.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        differences(a.get(i), b.get(i), path + "[" + i + "]", out, what);
      }
    } else {
      out.add(what + ": " + path + ": " + given + " is not of the type the API expects (read as "
          + typed + ")");
    }
  }
}
