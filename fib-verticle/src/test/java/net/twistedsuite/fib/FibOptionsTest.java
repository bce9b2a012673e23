package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import org.junit.jupiter.api.Test;

class FibOptionsTest {

  @Test
  void theDocumentedConfigurationShowsEveryKeyWithItsDefault() throws Exception {
    JsonObject documented = new JsonObject(Files.readString(Path.of("..", "conf", "fib.json")));
    List<String> keys = FibOptions.SPEC.keys().stream().map(ConfigKey::path).collect(Collectors.toList());
    assertEquals(keys, List.copyOf(documented.fieldNames()));
    assertEquals(FibOptions.SPEC.resolve(new JsonObject()), FibOptions.SPEC.resolve(documented));
  }

  @Test
  void theKeysTheIssueNamesHaveTheirDefaultsAndEnvironmentVariables() {
    FibOptions defaults = FibOptions.from(new JsonObject());
    assertEquals(8889, defaults.port());
    assertEquals(Path.of("data", "fib"), defaults.dataDir());
    assertEquals(List.of("FIB_HOST", "FIB_PORT", "FIB_DATA_DIR", "FIB_RESERVE_BLOCK",
        "FIB_MAX_LINE_LENGTH", "FIB_IDLE_TIMEOUT_SECONDS", "FIB_MAX_CONNECTIONS"), FibOptions.SPEC.envNames());
  }

  @Test
  void anEmptyDataDirIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> FibOptions.from(new JsonObject().put("dataDir", " ")));
    assertEquals("dataDir: must name a directory", e.getMessage());
  }
}
