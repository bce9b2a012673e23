package net.twistedsuite.k8s;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment or StatefulSet of the suite, seen as the checks need it: its selector and pod
 * template, and its one container, which runs the service the workload is named after.
 */
record Workload(String kind, String name, V1LabelSelector selector, V1PodTemplateSpec template,
    List<V1PersistentVolumeClaim> claimTemplates) {

  static List<Workload> all(RenderedManifests manifests) {
    List<Workload> all = new ArrayList<>();
    for (V1Deployment d : manifests.all("Deployment", V1Deployment.class)) {
      all.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getSelector(),
          d.getSpec().getTemplate(), List.of()));
    }
    for (V1StatefulSet s : manifests.all("StatefulSet", V1StatefulSet.class)) {
      all.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getSelector(),
          s.getSpec().getTemplate(),
          Objects.requireNonNullElse(s.getSpec().getVolumeClaimTemplates(), List.of())));
    }
    return all;
  }

  static Workload named(RenderedManifests manifests, String name) {
    return all(manifests).stream().filter(w -> w.name.equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no workload named " + name));
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }

  V1PodSpec pod() {
    return template.getSpec();
  }

  Map<String, String> podLabels() {
    return RenderedManifests.labels(template.getMetadata().getLabels());
  }

  /** Whether a Service's or NetworkPolicy's label selector picks this workload's pods. */
  boolean selectedBy(Map<String, String> matchLabels) {
    return matchLabels != null && podLabels().entrySet().containsAll(matchLabels.entrySet());
  }

  /**
   * The service's container, named like the workload. The base has no other; a sidecar an
   * overlay adds (weblog's web server) has checks of its own.
   */
  V1Container container() {
    return pod().getContainers().stream().filter(c -> name.equals(c.getName())).findFirst()
        .orElseThrow(() -> new AssertionError(this + ": expected a container named " + name));
  }

  /** The container port a Service or NetworkPolicy port refers to, by name or by number. */
  Optional<V1ContainerPort> port(IntOrString target) {
    return ports().stream()
        .filter(p -> target.isInteger() ? target.getIntValue().equals(p.getContainerPort())
            : target.getStrValue().equals(p.getName()))
        .findFirst();
  }

  /** The name of the container port of the admin server (/metrics, /health/live, /health/ready). */
  static final String ADMIN_PORT = "admin";

  /** Whether the service accepts clients; watch, for one, only connects out. */
  boolean listens() {
    return ports().stream().anyMatch(p -> !ADMIN_PORT.equals(p.getName()));
  }

  /** Whether the pod opens the port of an admin server. */
  boolean hasAdmin() {
    return port(new IntOrString(ADMIN_PORT)).isPresent();
  }

  Map<String, String> podAnnotations() {
    return RenderedManifests.labels(template.getMetadata().getAnnotations());
  }

  List<V1ContainerPort> ports() {
    return Objects.requireNonNullElse(container().getPorts(), List.of());
  }

  V1ContainerPort namedPort(String portName) {
    return port(new IntOrString(portName))
        .orElseThrow(() -> new AssertionError(this + " has no container port named " + portName));
  }

  List<String> args() {
    return Objects.requireNonNullElse(container().getArgs(), List.of());
  }

  /** The argument after {@code option} ({@code -conf FILE}), if the option is given. */
  Optional<String> argAfter(String option) {
    List<String> args = args();
    int i = args.indexOf(option);
    return i < 0 || i + 1 >= args.size() ? Optional.empty() : Optional.of(args.get(i + 1));
  }

  /** Whether the service joins the Vert.x cluster. */
  boolean clustered() {
    return args().contains("-cluster");
  }

  List<V1EnvVar> env() {
    return Objects.requireNonNullElse(container().getEnv(), List.of());
  }

  Optional<V1EnvVar> envVar(String envName) {
    return env().stream().filter(e -> e.getName().equals(envName)).findFirst();
  }

  List<V1Volume> volumes() {
    return Objects.requireNonNullElse(pod().getVolumes(), List.of());
  }

  List<V1VolumeMount> mounts() {
    return Objects.requireNonNullElse(container().getVolumeMounts(), List.of());
  }

  /** The mount a path of the container's file system is on, the deepest one. */
  Optional<V1VolumeMount> mountOf(String path) {
    return mounts().stream()
        .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
        .max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()));
  }

  Optional<V1Volume> volume(String volumeName) {
    return volumes().stream().filter(v -> v.getName().equals(volumeName)).findFirst();
  }

  /** Names of the ConfigMaps a volume shows, directly or projected. */
  static List<String> configMapsOf(V1Volume volume) {
    List<String> names = new ArrayList<>();
    if (volume.getConfigMap() != null) {
      names.add(volume.getConfigMap().getName());
    }
    if (volume.getProjected() != null) {
      for (V1VolumeProjection source : volume.getProjected().getSources()) {
        if (source.getConfigMap() != null) {
          names.add(source.getConfigMap().getName());
        }
      }
    }
    return names;
  }

  /**
   * The files the container sees under its ConfigMap volumes: path to content. Keys picked
   * with {@code items} are not used in the suite and are left out.
   */
  Map<String, String> configFiles(RenderedManifests manifests) {
    Map<String, String> files = new LinkedHashMap<>();
    for (V1VolumeMount mount : mounts()) {
      V1Volume volume = volume(mount.getName()).orElse(null);
      if (volume == null) {
        continue;
      }
      for (String configMap : configMapsOf(volume)) {
        manifests.find("ConfigMap", configMap, V1ConfigMap.class).ifPresent(cm ->
            Objects.requireNonNullElse(cm.getData(), Map.<String, String>of())
                .forEach((key, content) -> files.put(mount.getMountPath() + "/" + key, content)));
      }
    }
    return files;
  }

  /** The content of a file the container reads from a ConfigMap, e.g. its -conf file. */
  String configFile(RenderedManifests manifests, String path) {
    String content = configFiles(manifests).get(path);
    if (content == null) {
      throw new AssertionError(this + ": no ConfigMap volume provides " + path
          + " (provided: " + configFiles(manifests).keySet() + ")");
    }
    return content;
  }
}
