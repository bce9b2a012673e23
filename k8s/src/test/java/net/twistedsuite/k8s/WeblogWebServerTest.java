package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example web server beside weblog (overlays/weblog-web): it passes the restricted Pod
 * Security Standard, writes its access log to the file weblog reads, and its rotation keeps the
 * shared volume inside its size limit.
 */
class WeblogWebServerTest {

  private final RenderedManifests manifests = RenderedManifests.weblogWeb();
  private final V1Deployment weblog = manifests.get("Deployment", "weblog", V1Deployment.class);

  @Test
  void everyObjectIsValidForTheKubernetesApi() {
    List<String> problems = new ArrayList<>();
    manifests.objects().forEach(o -> problems.addAll(KubernetesSchema.problems(o)));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void theWebServerPassesTheRestrictedPolicy() {
    V1Container web = web();
    assertEquals(Boolean.TRUE, weblog.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    assertEquals(null, web.getSecurityContext().getRunAsUser(), "the pod's unprivileged user");
    assertEquals(null, web.getSecurityContext().getRunAsNonRoot(), "the pod's runAsNonRoot");
    assertEquals(Boolean.FALSE, web.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, web.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), web.getSecurityContext().getCapabilities().getDrop());
    assertNotEquals(Boolean.TRUE, web.getSecurityContext().getPrivileged());
    assertTrue(web.getPorts().get(0).getContainerPort() >= 1024, "an unprivileged port, without NET_BIND_SERVICE");
    assertEquals(web.getResources().getRequests().get("memory"), web.getResources().getLimits().get("memory"));
    assertNotNull(web.getResources().getLimits().get("ephemeral-storage"));
    assertEquals("localhost/twisted-suite/web:1", web.getImage(), "the image make-web-image makes");
  }

  @Test
  void theWebServerWritesTheFileWeblogFollows() throws IOException {
    V1Container web = web();
    V1VolumeMount webLogs = mount(web, "logs");
    assertNotEquals(Boolean.TRUE, webLogs.getReadOnly(), "the web server writes the log");
    V1Container reader = container("weblog");
    V1VolumeMount weblogLogs = mount(reader, "logs");
    assertEquals(Boolean.TRUE, weblogLogs.getReadOnly(), "weblog only reads it");

    String conf = Files.readString(Path.of("images", "web", "lighttpd.conf"));
    Matcher m = Pattern.compile("(?m)^accesslog\\.filename = \"([^\"]+)\"").matcher(conf);
    assertTrue(m.find(), "lighttpd.conf names its access log");
    String written = m.group(1);
    assertTrue(written.startsWith(webLogs.getMountPath() + "/"), written + " is on the logs volume");
    String read = ServiceConf.parse(Workload.named(manifests, "weblog")
        .configFile(manifests, "/etc/twisted-suite/weblog.json")).getString("logFile");
    assertEquals(written.substring(webLogs.getMountPath().length()), read.substring(weblogLogs.getMountPath().length()),
        "weblog reads the file the web server writes");
    String script = Files.readString(Path.of("images", "web", "web-with-rotation"));
    assertTrue(script.contains("log=${ACCESS_LOG:-" + written + "}"), "the rotation renames the file lighttpd writes");
  }

  @Test
  void rotationKeepsTheSharedVolumeInsideItsLimit() {
    long rotateBytes = Long.parseLong(web().getEnv().stream().filter(e -> e.getName().equals("ROTATE_BYTES"))
        .findFirst().orElseThrow().getValue());
    long limit = weblog.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("logs")).findFirst().orElseThrow()
        .getEmptyDir().getSizeLimit().getNumber().longValueExact();
    // The log, the renamed one, and what the log grows between two checks.
    assertTrue(3 * rotateBytes <= limit, "3 x " + rotateBytes + " > " + limit);
  }

  @Test
  void theWebServerIsReachableOnPort80() {
    V1Service service = manifests.get("Service", "web", V1Service.class);
    assertEquals(80, service.getSpec().getPorts().get(0).getPort());
    assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrValue());
    assertTrue(Workload.named(manifests, "weblog").selectedBy(service.getSpec().getSelector()));
    V1NetworkPolicy policy = manifests.get("NetworkPolicy", "web", V1NetworkPolicy.class);
    assertEquals(Map.of("app.kubernetes.io/name", "weblog", "app.kubernetes.io/part-of", "twisted-suite"),
        policy.getSpec().getPodSelector().getMatchLabels());
    assertEquals("http", policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrValue());
  }

  private V1Container web() {
    return container("web");
  }

  private V1Container container(String name) {
    return weblog.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("weblog's pod has no container " + name));
  }

  private static V1VolumeMount mount(V1Container c, String volume) {
    return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
  }
}
