package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import org.junit.jupiter.api.Test;

/** The keys, as the spec declares them and as conf/notify.json and the README show them. */
class NotifyOptionsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

  @Test
  void defaultsFollowTheDocumentAndTheTalk() {
    NotifyOptions options = NotifyOptions.fromConfig(new JsonObject());
    assertEquals(6789, options.port());
    assertEquals(10_000, options.randomIntervalMs());
    assertTrue(options.classifiedsPollMs() <= 1000, "an appended ad is noticed within a second");
  }

  @Test
  void environmentVariablesAreNamedForTheKeys() {
    JsonObject config = NotifyOptions.SPEC.withEnvironment(new JsonObject(),
        Map.of("NOTIFY_CLASSIFIEDS_FILE", "/srv/ads.txt", "NOTIFY_RANDOM_INTERVAL_MS", "0"));
    NotifyOptions options = NotifyOptions.fromConfig(config);
    assertEquals("/srv/ads.txt", options.classifiedsFile());
    assertEquals(0, options.randomIntervalMs());
  }

  @Test
  void badValuesAreRefusedByName() {
    assertEquals("classifiedsFile", assertThrows(ConfigException.class,
        () -> NotifyOptions.fromConfig(new JsonObject().put("classifiedsFile", " "))).key());
    assertEquals("randomIntervalMs", assertThrows(ConfigException.class,
        () -> NotifyOptions.fromConfig(new JsonObject().put("randomIntervalMs", -1))).key());
  }

  @Test
  void theReadmeTableListsEveryKeyWithItsVariableAndDefault() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("### notify (");
    assertTrue(start >= 0, "README has a notify section");
    int end = readme.indexOf("\n## ", start);
    Matcher row = ROW.matcher(readme.substring(start, end));
    Map<String, String> documented = new LinkedHashMap<>();
    while (row.find()) {
      documented.put(row.group(1), row.group(2) + " " + row.group(3));
    }
    Map<String, String> declared = new LinkedHashMap<>();
    for (ConfigKey key : NotifyOptions.SPEC.keys()) {
      declared.put(key.path(), key.envName("NOTIFY") + " " + key.defaultValue());
    }
    assertEquals(declared, documented);
  }

  @Test
  void theShippedConfigurationHasEveryKeyAtItsDefaultButTheExample() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(ROOT.resolve("conf/notify.json")));
    List<String> problems = new ArrayList<>();
    for (ConfigKey key : NotifyOptions.SPEC.keys()) {
      Object value = shipped.getValue(key.path());
      if (!key.path().equals("classifiedsFile") && !String.valueOf(key.defaultValue()).equals(String.valueOf(value))) {
        problems.add(key.path() + ": " + value + " instead of the default " + key.defaultValue());
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(NotifyOptions.SPEC.keys().size(), shipped.size(), "conf/notify.json has unknown keys: " + shipped);
    NotifyOptions.fromConfig(shipped);
    assertTrue(Files.isRegularFile(ROOT.resolve("conf/sample-classifieds.txt")));
  }
}
