package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each pod's container, run the way the kubelet runs it but as a local process: the service's
 * fat jar with the container's arguments and environment (the pod address being 127.0.0.1), the
 * files of its ConfigMap volumes at their mount paths (under a temporary root), then the pod's
 * own probe commands against it, then SIGTERM, after which it must be gone within the grace
 * period. What this proves that reading the manifests cannot: the services accept the
 * configuration and the launcher options the cluster gives them, the Hazelcast file parses in
 * the real jar, and the probes pass against the real protocols.
 *
 * <p>What differs from the cluster: tests must not take fixed ports, so the service's port comes
 * from its PORT environment variable (a free port) and the event bus port is 0; and each
 * clustered service gets a cluster name of its own (SUITE_CLUSTER_NAME), so that it never joins
 * members of other tests on this machine. Their DNS lookup of the headless Service finds
 * nothing here, and each runs as a cluster of one.
 */
@Execution(ExecutionMode.CONCURRENT)
class PodCommandIT {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final RenderedManifests manifests = RenderedManifests.base();

  @TempDir
  Path root;

  @ParameterizedTest
  @ValueSource(strings = {"finger", "setter", "proxy", "weblog", "fib", "echo", "download", "watch", "notify", "exec"})
  void thePodsCommandRunsTheServiceItsProbesPassAndItStopsWithinTheGracePeriod(String service)
      throws Exception {
    Workload w = Workload.named(manifests, service);
    String version = System.getProperty("project.version");
    Path built = Path.of("..", service + "-verticle", "target", service + "-verticle-" + version + "-fat.jar");
    assumeTrue(Files.isRegularFile(built), built + " is not built (mvn -pl " + service + "-verticle package)");
    // A copy, so that a rebuild of the service while this runs does not pull the jar away.
    Path jar = Files.copy(built, root.resolve(service + ".jar"));

    List<String> mountPaths = w.mounts().stream().map(V1VolumeMount::getMountPath)
        .filter(p -> !p.equals("/tmp")).sorted(Comparator.comparing(String::length).reversed()).toList();
    for (String mountPath : mountPaths) {
      Files.createDirectories(local(mountPath));
    }
    for (Map.Entry<String, String> file : w.configFiles(manifests).entrySet()) {
      Files.writeString(local(file.getKey()), remap(file.getValue(), mountPaths));
    }

    Map<String, String> env = new LinkedHashMap<>();
    for (V1EnvVar var : w.env()) {
      String value;
      if (var.getValueFrom() == null) {
        value = expand(var.getValue(), env);
      } else if (var.getValueFrom().getFieldRef() != null
          && var.getValueFrom().getFieldRef().getFieldPath().equals("status.podIP")) {
        value = "127.0.0.1";
      } else if (var.getValueFrom().getSecretKeyRef() != null
          && Boolean.TRUE.equals(var.getValueFrom().getSecretKeyRef().getOptional())) {
        continue; // an optional Secret that does not exist: Kubernetes leaves the variable unset
      } else {
        throw new AssertionError(w + " env " + var.getName() + ": only the pod IP is taken from the pod");
      }
      env.put(var.getName(), remap(value, mountPaths));
    }
    int port = ServiceProcess.freePort();
    env.put(service.toUpperCase() + "_PORT", String.valueOf(port));
    // Its own Hazelcast cluster, never one of other tests or of ./run on this machine.
    env.put("SUITE_CLUSTER_NAME", "k8s-pod-command-it-" + ProcessHandle.current().pid() + "-" + service);

    List<String> args = new ArrayList<>();
    for (String arg : w.args()) {
      args.add(remap(expand(arg, env), mountPaths));
    }
    int busPort = args.indexOf("-cluster-port");
    if (busPort >= 0) {
      args.set(busPort + 1, "0");
    }

    Path workDir = Files.createDirectories(local("/var/lib/twisted-suite"));
    long start = System.nanoTime();
    try (ServiceProcess process = ServiceProcess.start(jar, env, workDir, args.toArray(new String[0]))) {
      if (!w.listens()) {
        // It accepts no clients: it started, its admin server (if any) answers, and it stops in time.
        process.awaitLine(service + " started", Duration.ofSeconds(90));
        if (w.hasAdmin()) {
          httpProbesPass(w, process);
        }
        int status = process.stop(Duration.ofSeconds(w.pod().getTerminationGracePeriodSeconds()));
        assertTrue(status == 0 || status == 143, w + " exit status " + status + "; output:\n" + process.output());
        return;
      }
      assertEquals(port, process.awaitListening(service, Duration.ofSeconds(90)),
          "listening port; output:\n" + process.output());
      long started = System.nanoTime();

      // Each command with the fewest failures any of its probes tolerates: the kubelet acts on a
      // probe only after failureThreshold failures in a row, and a busy machine may time one out.
      Map<List<String>, Integer> probes = new LinkedHashMap<>();
      for (V1Probe probe : probes(w)) {
        if (probe.getExec() != null) {
          int tolerated = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
          probes.merge(ProbeCommand.of(probe.getExec().getCommand()).withPort(ProbeScriptTest.PROBE.toString(), port),
              tolerated, Math::min);
        }
      }
      for (Map.Entry<List<String>, Integer> probe : probes.entrySet()) {
        ProbeScriptTest.Result result = ProbeScriptTest.run(probe.getKey());
        for (int failures = 1; result.status() != 0 && failures < probe.getValue(); failures++) {
          result = ProbeScriptTest.run(probe.getKey());
        }
        assertEquals(0, result.status(), w + ": " + probe.getKey() + " failed " + probe.getValue()
            + " times in a row: " + result.output() + "\nservice output:\n" + process.output());
      }
      int httpProbes = w.hasAdmin() ? httpProbesPass(w, process) : 0;

      List<String> preStop = w.container().getLifecycle().getPreStop().getExec().getCommand();
      long grace = w.pod().getTerminationGracePeriodSeconds() - Long.parseLong(preStop.get(1));
      long stopping = System.nanoTime();
      int status = process.stop(Duration.ofSeconds(grace));
      assertTrue(status == 0 || status == 143, w + " exit status " + status + "; output:\n" + process.output());
      System.out.printf("%s: listening after %.1f s, %d probe command(s) and %d HTTP probe(s) passed,"
          + " stopped in %.1f s (grace %d s)%n", service, (started - start) / 1e9, probes.size(), httpProbes,
          (System.nanoTime() - stopping) / 1e9, grace);
    }
  }

  private static List<V1Probe> probes(Workload w) {
    return List.of(w.container().getStartupProbe(), w.container().getReadinessProbe(),
        w.container().getLivenessProbe());
  }

  /**
   * The pod's HTTP probes, asked as the kubelet asks them (any status from 200 to 399 passes),
   * of the admin server on the port the test gave it; returns how many there were.
   */
  private static int httpProbesPass(Workload w, ServiceProcess process) throws Exception {
    int adminPort = process.awaitAdminPort(w.name(), Duration.ofSeconds(90));
    AdminClient admin = new AdminClient("127.0.0.1", adminPort);
    Set<String> paths = new LinkedHashSet<>();
    for (V1Probe probe : probes(w)) {
      if (probe.getHttpGet() != null) {
        assertEquals(Workload.ADMIN_PORT, probe.getHttpGet().getPort().getStrValue(), w + " probe port");
        paths.add(probe.getHttpGet().getPath());
      }
    }
    for (String path : paths) {
      HttpResponse<String> response = admin.get(path);
      assertTrue(response.statusCode() >= 200 && response.statusCode() < 400, w + ": GET " + path + " answered "
          + response.statusCode() + " " + response.body() + "\nservice output:\n" + process.output());
    }
    return paths.size();
  }

  /** Where a path of the container's file system lies under the temporary root. */
  private Path local(String containerPath) {
    return root.resolve(containerPath.substring(1));
  }

  private String remap(String text, List<String> mountPaths) {
    String out = text;
    for (String mountPath : mountPaths) {
      out = out.replace(mountPath, local(mountPath).toString());
    }
    return out;
  }

  /** Kubernetes' $(VAR) expansion in args and env values, from the variables defined before. */
  private static String expand(String text, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }
}
