package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration each pod is given, against what the service takes (conf/ of the
 * repository) and against the pod around it: the port it listens on is the port the container
 * opens and the probes ask, and what it writes lies on a writable volume.
 */
class ServiceConfigTest {

  private final RenderedManifests manifests = RenderedManifests.base();
  private final List<Workload> workloads = Workload.all(manifests);

  @Test
  void everyServiceAcceptsTheConfigurationTheClusterGivesIt() {
    List<String> problems = new ArrayList<>();
    for (Workload w : workloads) {
      ServiceConf.problems(w.name(), conf(w))
          .forEach(p -> problems.add("base/conf/" + w.name() + ".json: " + p));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void theCheckIsTheServicesOwn() {
    assertTrue(ServiceConf.problems("proxy", new JsonObject().put("prot", 1)).get(0)
        .startsWith("prot: unknown key"));
    assertEquals(List.of("port: must be a whole number, got \"79\""),
        ServiceConf.problems("finger", new JsonObject().put("port", "79")));
    assertTrue(ServiceConf.problems("proxy", new JsonObject().put("upstream", new JsonObject().put("hots", "finger")))
        .get(0).startsWith("upstream.hots: unknown key"));
    assertTrue(ServiceConf.problems("setter", new JsonObject().put("host", "0.0.0.0")).get(0)
        .startsWith("host: 0.0.0.0 is not a loopback address"));
  }

  @Test
  void everyServiceListensOnAllAddressesOfItsPod() {
    for (Workload w : workloads.stream().filter(Workload::listens).toList()) {
      assertEquals("0.0.0.0", conf(w).getString("host"), w + ": the Service and the kubelet reach the pod address");
    }
  }

  @Test
  void theConfiguredPortIsTheContainerPortAndTheOneTheProbesAsk() {
    for (Workload w : workloads.stream().filter(Workload::listens).toList()) {
      int port = conf(w).getInteger("port");
      assertEquals(port, w.namedPort(w.name()).getContainerPort(), w + ": container port named " + w.name());
      var c = w.container();
      if (w.hasAdmin()) {
        continue; // probed on the admin port, below
      }
      for (var probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
        assertEquals(port, ProbeCommand.of(probe.getExec().getCommand()).port(), w + " probe port");
      }
    }
  }

  @Test
  void theAdminServerListensOnThePodAddressAtThePortItsContainerOpens() {
    for (Workload w : workloads.stream().filter(Workload::hasAdmin).toList()) {
      JsonObject admin = ServiceConf.resolved(w.name(), conf(w)).getJsonObject("admin");
      assertEquals(Boolean.TRUE, admin.getBoolean("enabled"), w + " admin.enabled");
      assertEquals("0.0.0.0", admin.getString("host"), w + ": the kubelet and the scraper reach the pod address");
      assertEquals(admin.getInteger("port"), w.namedPort(Workload.ADMIN_PORT).getContainerPort(),
          w + ": admin.port is the container port named " + Workload.ADMIN_PORT);
    }
  }

  @Test
  void fibsProbesTakeNoNumber() {
    // Any line sent to fib's port takes a number from the shared sequence: the probes ask the
    // admin server instead.
    var c = Workload.named(manifests, "fib").container();
    for (var probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
      assertEquals(null, probe.getExec(), "fib probe");
      assertEquals(Workload.ADMIN_PORT, probe.getHttpGet().getPort().getStrValue(), "fib probe port");
    }
  }

  @Test
  void whatTheServicesWriteLiesOnWritableVolumesThatOutliveThePod() {
    for (String service : List.of("finger", "fib", "watch")) {
      Workload w = Workload.named(manifests, service);
      String dataDir = conf(w).getString("dataDir");
      assertTrue(dataDir.startsWith("/"), w + ": dataDir must not depend on the working directory");
      V1VolumeMount mount = w.mountOf(dataDir).orElseThrow(() -> new AssertionError(w + ": " + dataDir + " is on the read-only root"));
      assertNotEquals(Boolean.TRUE, mount.getReadOnly(), w + " " + dataDir);
      assertTrue(w.claimTemplates().stream().anyMatch(c -> c.getMetadata().getName().equals(mount.getName())),
          w + ": " + dataDir + " is not on a PersistentVolume");
    }
  }

  @Test
  void weblogReadsItsLogFromTheVolumeItSharesWithTheWebServer() {
    Workload weblog = Workload.named(manifests, "weblog");
    String logFile = conf(weblog).getString("logFile");
    V1VolumeMount mount = weblog.mountOf(logFile)
        .orElseThrow(() -> new AssertionError("weblog's " + logFile + " is not on a volume another container can write"));
    V1Volume volume = weblog.volume(mount.getName()).orElseThrow();
    assertTrue(volume.getEmptyDir() != null, "the log volume is the pod's own");
    assertEquals(Boolean.TRUE, mount.getReadOnly(), "weblog only reads the log");
  }

  private JsonObject conf(Workload w) {
    return ServiceConf.parse(w.configFile(manifests, w.argAfter("-conf").orElseThrow()));
  }
}
