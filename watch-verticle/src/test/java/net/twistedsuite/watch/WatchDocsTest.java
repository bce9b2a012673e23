package net.twistedsuite.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.twistedsuite.common.ConfigKey;
import org.junit.jupiter.api.Test;

/**
 * The documented configuration against the one spec: conf/watch.json, the root README's watch
 * table and the module README's table list every key with its default and environment variable.
 */
class WatchDocsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

  @Test
  void theConfFileListsEveryKeyWithItsDefault() throws IOException {
    JsonObject conf = new JsonObject(Files.readString(Path.of("..", "conf", "watch.json")));
    assertEquals(WatchOptions.SPEC.resolve(new JsonObject()), conf, "conf/watch.json holds exactly the defaults");
    assertEquals(WatchOptions.SPEC.resolve(new JsonObject()), WatchOptions.SPEC.resolve(conf));
  }

  @Test
  void theRootReadmeTableMatchesTheSpec() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("### watch ");
    assertEquals(expected(), rows(section(readme, start)));
  }

  @Test
  void theModuleReadmeTableMatchesTheSpec() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertEquals(expected(), rows(section(readme, readme.indexOf("## Configuration"))));
  }

  /** From {@code start} to the next heading. */
  private static String section(String readme, int start) {
    Matcher next = Pattern.compile("^#{2,3} ", Pattern.MULTILINE).matcher(readme);
    return readme.substring(start, next.find(start + 1) ? next.start() : readme.length());
  }

  private static Map<String, String> rows(String section) {
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(section);
    while (m.find()) {
      rows.put(m.group(1), m.group(2) + " " + m.group(3));
    }
    return rows;
  }

  private static Map<String, String> expected() {
    Map<String, String> rows = new LinkedHashMap<>();
    for (ConfigKey key : WatchOptions.SPEC.keys()) {
      Object def = key.defaultValue();
      String shown = def instanceof JsonArray a ? a.encode() : "".equals(def) ? "\"\"" : String.valueOf(def);
      rows.put(key.path(), key.envName(WatchOptions.SPEC.envPrefix()) + " " + shown);
    }
    return rows;
  }
}
