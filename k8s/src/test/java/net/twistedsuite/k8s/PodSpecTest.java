package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1Volume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How every pod runs: unprivileged and read-only, with resources, probes that speak the
 * service's protocol, and time to stop cleanly.
 */
class PodSpecTest {

  /** The kustomization checked: the base; the production overlay in a subclass. */
  RenderedManifests rendered() {
    return RenderedManifests.base();
  }

  /** The user the images run as (k8s/images/common.sh, APP_UID). */
  private static final long APP_UID = 10001;

  private final RenderedManifests manifests = rendered();
  private final List<Workload> workloads = Workload.all(manifests);

  @Test
  void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
    V1Namespace namespace = RenderedManifests.namespace().get("Namespace", "twisted-suite", V1Namespace.class);
    assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
  }

  @Test
  void everyPodRunsAsTheUnprivilegedUserWithTheRuntimeDefaultSeccompProfile() {
    for (Workload w : workloads) {
      V1PodSecurityContext pod = w.pod().getSecurityContext();
      assertNotNull(pod, w + " has no pod security context");
      assertEquals(Boolean.TRUE, pod.getRunAsNonRoot(), w + " runAsNonRoot");
      assertEquals(APP_UID, pod.getRunAsUser(), w + " runAsUser");
      assertEquals(APP_UID, pod.getRunAsGroup(), w + " runAsGroup");
      assertEquals("RuntimeDefault", pod.getSeccompProfile().getType(), w + " seccomp profile");
      assertFalse(Boolean.TRUE.equals(w.pod().getHostNetwork()) || Boolean.TRUE.equals(w.pod().getHostPID())
          || Boolean.TRUE.equals(w.pod().getHostIPC()), w + " shares a host namespace");
      for (V1Volume volume : w.volumes()) {
        assertEquals(null, volume.getHostPath(), w + " mounts a host path");
      }
    }
  }

  @Test
  void everyContainerIsReadOnlyWithoutCapabilitiesOrPrivilegeEscalation() {
    for (Workload w : workloads) {
      V1SecurityContext container = w.container().getSecurityContext();
      assertNotNull(container, w + " has no container security context");
      assertEquals(Boolean.FALSE, container.getAllowPrivilegeEscalation(), w + " allowPrivilegeEscalation");
      assertEquals(Boolean.TRUE, container.getReadOnlyRootFilesystem(), w + " readOnlyRootFilesystem");
      assertEquals(List.of("ALL"), container.getCapabilities().getDrop(), w + " capabilities dropped");
      assertTrue(container.getCapabilities().getAdd() == null || container.getCapabilities().getAdd().isEmpty(),
          w + " adds capabilities");
      assertNotEquals(Boolean.TRUE, container.getPrivileged(), w + " is privileged");
    }
  }

  @Test
  void aReadOnlyRootLeavesEveryServiceAWritableTmp() {
    for (Workload w : workloads) {
      var tmp = w.mountOf("/tmp/x").orElseThrow(() -> new AssertionError(w + " has no /tmp volume"));
      assertEquals("/tmp", tmp.getMountPath(), w + " /tmp");
      assertNotEquals(Boolean.TRUE, tmp.getReadOnly(), w + " /tmp is read-only");
      assertNotNull(w.volume(tmp.getName()).orElseThrow().getEmptyDir(), w + " /tmp is an emptyDir");
    }
  }

  @Test
  void noKubernetesVariableCollidesWithTheServicesOwnSettings() {
    for (Workload w : workloads) {
      // Service links would set e.g. FINGER_PORT=tcp://10.0.0.1:79, which finger reads as its port.
      assertEquals(Boolean.FALSE, w.pod().getEnableServiceLinks(), w + " enableServiceLinks");
      assertEquals(Boolean.FALSE, w.pod().getAutomountServiceAccountToken(),
          w + " needs no access to the Kubernetes API (Hazelcast finds members through DNS)");
    }
  }

  @Test
  void everyContainerRequestsWhatItIsLimitedToInMemory() {
    for (Workload w : workloads) {
      var resources = w.container().getResources();
      assertNotNull(resources, w + " has no resources");
      Map<String, Quantity> requests = resources.getRequests();
      Map<String, Quantity> limits = resources.getLimits();
      for (String resource : List.of("cpu", "memory")) {
        assertNotNull(requests.get(resource), w + " requests no " + resource);
        assertNotNull(limits.get(resource), w + " has no " + resource + " limit");
        assertTrue(requests.get(resource).getNumber().compareTo(limits.get(resource).getNumber()) <= 0,
            w + " requests more " + resource + " than its limit");
      }
      // The JVM sizes its heap from the limit (MaxRAMPercentage): the node must really have it.
      assertEquals(requests.get("memory"), limits.get("memory"), w + " memory request and limit");
    }
  }

  /** Threads a service may run: event loops, workers, GC and compiler threads, Hazelcast's. */
  private static final int THREADS = 64;
  private static final int MEMBER_THREADS = 128;
  /** What the JVM needs beyond the sized areas: GC structures, symbols, malloc arenas. */
  private static final long FIXED_OVERHEAD = 32L << 20;

  @Test
  void everyJvmAreaIsSizedAndTheirSumFitsTheMemoryLimit() {
    for (Workload w : workloads) {
      String options = w.envVar("JDK_JAVA_OPTIONS").map(e -> e.getValue())
          .orElseThrow(() -> new AssertionError(w + " sets no JDK_JAVA_OPTIONS"));
      long heap = jvmSize(w, options, "-Xmx");
      long direct = jvmSize(w, options, "-XX:MaxDirectMemorySize=");
      long metaspace = jvmSize(w, options, "-XX:MaxMetaspaceSize=");
      long codeCache = jvmSize(w, options, "-XX:ReservedCodeCacheSize=");
      long stack = jvmSize(w, options, "-Xss");
      long stacks = (w.clustered() ? MEMBER_THREADS : THREADS) * stack;
      long limit = w.container().getResources().getLimits().get("memory").getNumber().longValueExact();
      long budget = heap + direct + metaspace + codeCache + stacks + FIXED_OVERHEAD;
      assertTrue(budget <= limit, w + ": heap " + mib(heap) + " + direct " + mib(direct) + " + metaspace "
          + mib(metaspace) + " + code cache " + mib(codeCache) + " + stacks " + mib(stacks) + " + JVM "
          + mib(FIXED_OVERHEAD) + " = " + mib(budget) + ", over the limit of " + mib(limit));
      assertTrue(heap >= direct + metaspace + codeCache, w + ": the heap (" + mib(heap)
          + ") should be the largest share, at least the other sized areas together");
      assertEquals("2", w.envVar("MALLOC_ARENA_MAX").map(e -> e.getValue()).orElse(null),
          w + " MALLOC_ARENA_MAX: glibc's arenas would grow past the budget");
    }
  }

  @Test
  void everyContainerRequestsAndIsLimitedInEphemeralStorageAboveItsEmptyDirs() {
    for (Workload w : workloads) {
      Quantity request = w.container().getResources().getRequests().get("ephemeral-storage");
      Quantity limit = w.container().getResources().getLimits().get("ephemeral-storage");
      assertNotNull(request, w + " requests no ephemeral-storage");
      assertNotNull(limit, w + " has no ephemeral-storage limit");
      assertTrue(request.getNumber().compareTo(limit.getNumber()) <= 0, w + " ephemeral-storage request over its limit");
      // emptyDirs on disk and the container's log count against the pod's ephemeral storage.
      long emptyDirs = 0;
      for (V1Volume v : w.volumes()) {
        if (v.getEmptyDir() != null && !"Memory".equals(v.getEmptyDir().getMedium())) {
          assertNotNull(v.getEmptyDir().getSizeLimit(), w + " emptyDir " + v.getName() + " has no sizeLimit");
          emptyDirs += v.getEmptyDir().getSizeLimit().getNumber().longValueExact();
        }
      }
      long logs = 64L << 20;
      assertTrue(emptyDirs + logs <= limit.getNumber().longValueExact(), w + ": emptyDirs " + mib(emptyDirs)
          + " + container log " + mib(logs) + " exceed the ephemeral-storage limit " + limit.toSuffixedString());
    }
  }

  @Test
  void fingerReplicasPreferDifferentNodesAndSpreadOverZones() {
    Workload finger = Workload.named(manifests, "finger");
    var anti = finger.pod().getAffinity().getPodAntiAffinity();
    assertTrue(anti.getRequiredDuringSchedulingIgnoredDuringExecution() == null
        || anti.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty(),
        "required anti-affinity would leave replicas pending on a cluster of fewer nodes");
    var preferred = anti.getPreferredDuringSchedulingIgnoredDuringExecution();
    assertTrue(preferred.stream().anyMatch(t -> t.getPodAffinityTerm().getTopologyKey().equals("kubernetes.io/hostname")
        && finger.selectedBy(t.getPodAffinityTerm().getLabelSelector().getMatchLabels())
        && t.getPodAffinityTerm().getLabelSelector().getMatchLabels().equals(finger.selector().getMatchLabels())),
        "finger prefers nodes without another finger replica");
    var zone = finger.pod().getTopologySpreadConstraints().stream()
        .filter(c -> c.getTopologyKey().equals("topology.kubernetes.io/zone")).findFirst()
        .orElseThrow(() -> new AssertionError("finger has no zone spread"));
    assertEquals(1, zone.getMaxSkew());
    assertEquals(finger.selector().getMatchLabels(), zone.getLabelSelector().getMatchLabels(), "zone spread selector");
    assertEquals("ScheduleAnyway", zone.getWhenUnsatisfiable(),
        "a volume bound to one zone must not keep its replica from starting");
  }

  private static long jvmSize(Workload w, String options, String option) {
    List<String> values = List.of(options.trim().split("\\s+")).stream().filter(o -> o.startsWith(option))
        .map(o -> o.substring(option.length())).toList();
    assertEquals(1, values.size(), w + ": " + option + " given " + values.size() + " times in JDK_JAVA_OPTIONS");
    String v = values.get(0).toLowerCase(java.util.Locale.ROOT);
    long unit = switch (v.charAt(v.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1L;
    };
    return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  @Test
  void everyContainerWithoutAnAdminServerHasProbesThatSpeakItsProtocol() {
    for (Workload w : workloads.stream().filter(Workload::listens).filter(w -> !w.hasAdmin()).toList()) {
      V1Container c = w.container();
      for (V1Probe probe : new V1Probe[] {c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()}) {
        assertNotNull(probe, w + " lacks a probe");
        assertNotNull(probe.getExec(), w + ": the probes run twisted-probe, which speaks the protocol");
        List<String> command = probe.getExec().getCommand();
        assertEquals("twisted-probe", command.get(0), w + " probe");
        assertTrue(probe.getTimeoutSeconds() > ProbeCommand.of(command).timeoutSeconds(),
            w + ": the kubelet must give the probe more time than the probe gives the service");
      }
      assertEquals(c.getReadinessProbe().getExec(), c.getLivenessProbe().getExec(), w + " probes differ");
      assertEquals(c.getReadinessProbe().getExec(), c.getStartupProbe().getExec(), w + " probes differ");
      // A JVM process per probe would be costly; the probe is one small perl process, run rarely.
      assertTrue(c.getReadinessProbe().getPeriodSeconds() >= 10, w + " readiness period");
      assertProbeTiming(w);
    }
  }

  @Test
  void everyServiceWithAnAdminServerIsProbedOverHttpOnIt() {
    for (Workload w : workloads.stream().filter(Workload::hasAdmin).toList()) {
      V1Container c = w.container();
      for (V1Probe probe : new V1Probe[] {c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()}) {
        assertNotNull(probe, w + " lacks a probe");
        assertEquals(null, probe.getExec(), w + ": probed over HTTP, no process per probe");
        assertNotNull(probe.getHttpGet(), w + " probe");
        assertEquals(Workload.ADMIN_PORT, probe.getHttpGet().getPort().getStrValue(), w + " probe port");
        assertTrue(probe.getHttpGet().getScheme() == null || probe.getHttpGet().getScheme().equals("HTTP"),
            w + " probe scheme");
        assertTrue(probe.getTimeoutSeconds() >= 2, w + ": a busy JVM may take a second to answer");
      }
      // Liveness never depends on anything outside the process; readiness does (the port, the
      // store, the cluster), and must not get a replica restarted.
      assertEquals("/health/live", c.getLivenessProbe().getHttpGet().getPath(), w + " liveness");
      assertEquals("/health/ready", c.getReadinessProbe().getHttpGet().getPath(), w + " readiness");
      assertEquals("/health/live", c.getStartupProbe().getHttpGet().getPath(),
          w + ": started once the admin server answers, which it does once the service listens");
      assertProbeTiming(w);
    }
  }

  private static void assertProbeTiming(Workload w) {
    V1Container c = w.container();
    assertTrue(c.getReadinessProbe().getPeriodSeconds() >= 5, w + " readiness period");
    assertTrue(c.getLivenessProbe().getPeriodSeconds() >= 10, w + " liveness period");
    assertTrue(c.getLivenessProbe().getFailureThreshold() >= 3, w + ": one slow answer must not restart the pod");
    // Liveness starts counting once the startup probe passed; it allows a slow first start.
    assertTrue(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold() >= 60,
        w + " startup allowance");
  }

  @Test
  void theServicesWithAnAdminServerAreExactlyThoseWhosePodsOpenItAndCanBeScraped() {
    for (Workload w : workloads) {
      assertEquals(ServiceConf.hasAdmin(w.name()), w.hasAdmin(),
          w + ": the service has admin.* keys if and only if its pod opens a port named " + Workload.ADMIN_PORT);
      if (!w.hasAdmin()) {
        assertFalse(w.podAnnotations().containsKey("prometheus.io/scrape"), w + " has nothing to scrape");
        continue;
      }
      assertEquals("true", w.podLabels().get("twistedsuite.net/metrics"),
          w + ": the label by which the metrics NetworkPolicy admits the scraper");
      assertEquals("true", w.podAnnotations().get("prometheus.io/scrape"), w + " scrape annotation");
      assertEquals("/metrics", w.podAnnotations().get("prometheus.io/path"), w + " scrape path");
      assertEquals(String.valueOf(w.namedPort(Workload.ADMIN_PORT).getContainerPort()),
          w.podAnnotations().get("prometheus.io/port"), w + " scrape port");
    }
  }

  @Test
  void everyServiceLogsOneJsonObjectPerLine() {
    for (Workload w : workloads) {
      assertEquals("json", w.envVar("LOG_FORMAT").map(v -> v.getValue()).orElse(null),
          w + ": LOG_FORMAT=json, so that even the lines before the configuration is read are JSON");
    }
  }

  @Test
  void everyPodLeavesItsServiceBeforeItStopsAndHasTimeToStopCleanly() {
    for (Workload w : workloads) {
      if (!w.listens()) {
        assertTrue(w.pod().getTerminationGracePeriodSeconds() >= 20, w + " grace");
        continue;
      }
      var preStop = w.container().getLifecycle().getPreStop().getExec().getCommand();
      assertEquals("sleep", preStop.get(0), w + " preStop");
      int pause = Integer.parseInt(preStop.get(1));
      assertTrue(pause >= 3 && pause <= 10, w + " pause before SIGTERM");
      long grace = w.pod().getTerminationGracePeriodSeconds();
      assertTrue(grace >= pause + 20, w + ": " + grace + " s grace leaves too little after the " + pause + " s pause");
    }
  }

  @Test
  void statelessServicesRollOutWithoutLosingCapacity() {
    for (V1Deployment d : manifests.all("Deployment", V1Deployment.class)) {
      var rolling = d.getSpec().getStrategy().getRollingUpdate();
      assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
      assertEquals(0, rolling.getMaxUnavailable().getIntValue(), d.getMetadata().getName() + " maxUnavailable");
      assertEquals(1, rolling.getMaxSurge().getIntValue(), d.getMetadata().getName() + " maxSurge");
    }
  }

  @Test
  void fibHasOneWriterOnAPersistentVolume() {
    V1StatefulSet fib = manifests.get("StatefulSet", "fib", V1StatefulSet.class);
    assertEquals(1, fib.getSpec().getReplicas(), "fib replicas");
    assertEquals("RollingUpdate", fib.getSpec().getUpdateStrategy().getType());
    assertEquals("OrderedReady", fib.getSpec().getPodManagementPolicy());
    assertWritablePersistentVolume(Workload.named(manifests, "fib"), "data");
  }

  @Test
  void watchHasOneWriterOnAPersistentVolumeAndItsLoginFromAnOptionalSecret() {
    V1StatefulSet watch = manifests.get("StatefulSet", "watch", V1StatefulSet.class);
    assertEquals(1, watch.getSpec().getReplicas(), "watch replicas: one writer of the outbox");
    assertEquals("OrderedReady", watch.getSpec().getPodManagementPolicy());
    Workload w = Workload.named(manifests, "watch");
    assertWritablePersistentVolume(w, "data");
    for (String variable : List.of("WATCH_MAIL_USERNAME", "WATCH_MAIL_PASSWORD")) {
      var ref = w.envVar(variable).orElseThrow(() -> new AssertionError("watch has no " + variable))
          .getValueFrom().getSecretKeyRef();
      assertEquals("watch-mail", ref.getName(), variable);
      assertEquals(Boolean.TRUE, ref.getOptional(), variable + ": the pod starts without a login too");
    }
  }

  @Test
  void everyFingerReplicaKeepsTheUpdatesOnItsOwnPersistentVolume() {
    V1StatefulSet finger = manifests.get("StatefulSet", "finger", V1StatefulSet.class);
    assertTrue(finger.getSpec().getReplicas() >= 3, "finger replicas");
    assertEquals("RollingUpdate", finger.getSpec().getUpdateStrategy().getType());
    assertWritablePersistentVolume(Workload.named(manifests, "finger"), "data");
  }

  /** The access modes of a workload's volumes: one node at a time in the base. */
  List<String> accessModes(Workload w) {
    return List.of("ReadWriteOnce");
  }

  private void assertWritablePersistentVolume(Workload w, String claim) {
    V1PersistentVolumeClaim template = w.claimTemplates().stream()
        .filter(c -> c.getMetadata().getName().equals(claim)).findFirst()
        .orElseThrow(() -> new AssertionError(w + " has no claim template " + claim));
    assertEquals(accessModes(w), template.getSpec().getAccessModes(), w + " access modes");
    assertNotNull(template.getSpec().getResources().getRequests().get("storage"), w + " storage request");
    assertTrue(w.mounts().stream().anyMatch(m -> m.getName().equals(claim) && !Boolean.TRUE.equals(m.getReadOnly())),
        w + " does not mount " + claim + " writable");
    assertEquals(APP_UID, w.pod().getSecurityContext().getFsGroup(),
        w + ": fsGroup makes the new volume writable for the service's user");
  }
}
