package net.twistedsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.TlsOptions;
import net.twistedsuite.common.ConfigDocs;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

class EchoOptionsTest {

  @Test
  void theKeysHaveTheirDefaultsAndEnvironmentVariables() {
    EchoOptions defaults = EchoOptions.fromConfig(new JsonObject());
    assertEquals(new EchoOptions("0.0.0.0", 8000, new ClientLimits(0, 300, 1000, 100),
        Runtime.getRuntime().availableProcessors(), new TlsOptions(false, 18000, null, null, false)), defaults);
    assertEquals(List.of("ECHO_HOST", "ECHO_PORT", "ECHO_IDLE_TIMEOUT_SECONDS", "ECHO_MAX_CONNECTIONS",
        "ECHO_MAX_CONNECTIONS_PER_ADDRESS", "ECHO_EVENT_LOOPS", "ECHO_LOG_FORMAT", "ECHO_ADMIN_ENABLED", "ECHO_ADMIN_HOST",
        "ECHO_ADMIN_PORT", "ECHO_TLS_PORT", "ECHO_TLS_CERT_PATH", "ECHO_TLS_KEY_PATH", "ECHO_TLS_ONLY"),
        EchoOptions.SPEC.envNames());
  }

  @Test
  void theConfFileAndBothReadmesShowEveryKeyWithItsDefault() throws Exception {
    ConfigDocs.assertConfFileShowsDefaults(EchoOptions.SPEC, Path.of("..", "conf", "echo.json"));
    ConfigDocs.assertReadmeTable(EchoOptions.SPEC, Path.of("..", "README.md"), "### echo ([echo-verticle/README.md](echo-verticle/README.md))");
    ConfigDocs.assertReadmeTable(EchoOptions.SPEC, Path.of("README.md"), "## Configuration");
  }

  @Test
  void anIdleTimeoutOfZeroIsRefusedBecauseEveryConnectionMustEnd() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> EchoOptions.fromConfig(new JsonObject().put("idleTimeoutSeconds", 0)));
    assertEquals("idleTimeoutSeconds: must be between 1 and 86400, got 0", e.getMessage());
  }
}
