package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import net.twistedsuite.common.ConfigDocs;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

class FibOptionsTest {

  @Test
  void theDocumentedConfigurationShowsEveryKeyInOrderWithItsDefault() throws Exception {
    ConfigDocs.assertConfFileShowsDefaults(FibOptions.SPEC, Path.of("..", "conf", "fib.json"));
  }

  @Test
  void theServicesKeysHaveTheirDefaultsAndEnvironmentVariables() {
    FibOptions defaults = FibOptions.fromConfig(new JsonObject());
    assertEquals(8889, defaults.port());
    assertEquals(Path.of("data", "fib"), defaults.dataDir());
    assertEquals(Runtime.getRuntime().availableProcessors(), defaults.eventLoops(), "one loop per processor");
    assertEquals(List.of("FIB_HOST", "FIB_PORT", "FIB_DATA_DIR", "FIB_RESERVE_BLOCK",
        "FIB_MAX_LINE_LENGTH", "FIB_IDLE_TIMEOUT_SECONDS", "FIB_MAX_CONNECTIONS", "FIB_MAX_CONNECTIONS_PER_ADDRESS",
        "FIB_EVENT_LOOPS", "FIB_LOG_FORMAT", "FIB_ADMIN_ENABLED", "FIB_ADMIN_HOST", "FIB_ADMIN_PORT"),
        FibOptions.SPEC.envNames());
  }

  @Test
  void anEmptyDataDirIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> FibOptions.fromConfig(new JsonObject().put("dataDir", " ")));
    assertEquals("dataDir: must name a directory", e.getMessage());
  }
}
