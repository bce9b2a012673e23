package net.twistedsuite.k8s;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.JSON;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@code kubectl apply -k base} sends to the API server: the kustomization rendered by a
 * real kustomize ({@code kustomize build}, or the one built into {@code kubectl kustomize}), one
 * JSON object per Kubernetes object.
 */
final class RenderedManifests {

  /** The kustomization, relative to this module (surefire and failsafe run in it). */
  static final Path BASE = Path.of("base");

  private final List<JsonObject> objects;

  private RenderedManifests(List<JsonObject> objects) {
    this.objects = List.copyOf(objects);
  }

  /** The kustomization of the namespace, applied before the base. */
  static final Path NAMESPACE = Path.of("namespace");

  /** The production overlay, and what it needs from the cluster first. */
  static final Path PRODUCTION = Path.of("overlays", "production");
  static final Path PRODUCTION_CLUSTER = PRODUCTION.resolve("cluster");

  private static final Map<Path, RenderedManifests> RENDERED = new java.util.HashMap<>();

  private static synchronized RenderedManifests rendered(Path kustomization) {
    return RENDERED.computeIfAbsent(kustomization, k -> parse(render(k)));
  }

  /** The base, rendered once per test run. */
  static RenderedManifests base() {
    return rendered(BASE);
  }

  /** The namespace, rendered once per test run. */
  static RenderedManifests namespace() {
    return rendered(NAMESPACE);
  }

  static RenderedManifests production() {
    return rendered(PRODUCTION);
  }

  /** The base with the example web server beside weblog. */
  static RenderedManifests weblogWeb() {
    return rendered(Path.of("overlays", "weblog-web"));
  }

  /** The optional scraping by the Prometheus Operator, beside the production overlay. */
  static RenderedManifests productionMonitoring() {
    return rendered(PRODUCTION.resolve("monitoring"));
  }

  static RenderedManifests productionCluster() {
    return rendered(PRODUCTION_CLUSTER);
  }

  static RenderedManifests parse(String yaml) {
    Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
    Gson gson = new Gson();
    List<JsonObject> objects = new ArrayList<>();
    for (Object document : parser.loadAll(yaml)) {
      if (document != null) {
        objects.add(gson.toJsonTree(document).getAsJsonObject());
      }
    }
    return new RenderedManifests(objects);
  }

  /** Every object, as JSON (copies: callers may change them). */
  List<JsonObject> objects() {
    return objects.stream().map(JsonObject::deepCopy).toList();
  }

  /** Every object of one kind, as the client library's model class. */
  <T> List<T> all(String kind, Class<T> type) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind").getAsString()))
        .map(o -> JSON.getGson().fromJson(o, type))
        .toList();
  }

  <T> Optional<T> find(String kind, String name, Class<T> type) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind").getAsString()))
        .filter(o -> name.equals(o.getAsJsonObject("metadata").get("name").getAsString()))
        .findFirst()
        .map(o -> JSON.getGson().fromJson(o, type));
  }

  <T> T get(String kind, String name, Class<T> type) {
    return find(kind, name, type)
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in the rendered base"));
  }

  /** Runs kustomize on {@code kustomization} and returns the YAML it prints. */
  static String render(Path kustomization) {
    List<String> command = new ArrayList<>(renderer());
    command.add(kustomization.toString());
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + errors.join());
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code kustomize build} if installed, else {@code kubectl kustomize}. */
  static List<String> renderer() {
    if (onPath("kustomize")) {
      return List.of("kustomize", "build");
    }
    if (onPath("kubectl")) {
      return List.of("kubectl", "kustomize");
    }
    throw new AssertionError("rendering the manifests needs kustomize or kubectl on the PATH"
        + " (on Debian: apt-get install kubernetes-client)");
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  static String describe(JsonObject object) {
    JsonElement name = object.getAsJsonObject("metadata") == null ? null
        : object.getAsJsonObject("metadata").get("name");
    return object.get("kind").getAsString() + " " + (name == null ? "(unnamed)" : name.getAsString());
  }

  static Map<String, String> labels(Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }
}
