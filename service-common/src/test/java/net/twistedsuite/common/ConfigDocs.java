package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a service's documentation against its {@link ConfigSpec}: the commented conf file
 * shows every key, in order, with its default, and a README's table of keys lists every key
 * with its environment variable and default.
 */
public final class ConfigDocs {

  private ConfigDocs() {
  }

  /**
   * The conf file lists exactly the spec's keys, in order, and its values are the defaults,
   * except for the keys named in {@code examples}, whose value the file shows as an example.
   */
  public static void assertConfFileShowsDefaults(ConfigSpec spec, Path confFile, String... examples)
      throws IOException {
    JsonObject documented = new JsonObject(Files.readString(confFile));
    List<String> keys = spec.keys().stream().map(ConfigKey::path).toList();
    assertEquals(keys, List.copyOf(documented.fieldNames()), confFile + ": keys");
    JsonObject shown = spec.resolve(documented);
    JsonObject defaults = spec.resolve(new JsonObject());
    for (String example : examples) {
      shown.remove(example);
      defaults.remove(example);
    }
    assertEquals(defaults, shown, confFile + ": defaults");
  }

  /**
   * The first table after the line {@code heading} in {@code readme} has one row per key, in
   * the spec's order: {@code | `key` | `ENV_NAME` | `default` | meaning |}. String defaults may
   * be quoted; an empty string is written {@code ""}.
   */
  public static void assertReadmeTable(ConfigSpec spec, Path readme, String heading) throws IOException {
    List<String> rows = tableAfter(Files.readAllLines(readme), heading, readme);
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (ConfigKey key : spec.keys()) {
      Object def = key.defaultValue();
      expected.add(key.path() + " | " + key.envName(spec.envPrefix()) + " | "
          + (def instanceof String s && s.isEmpty() ? "\"\"" : String.valueOf(def)));
    }
    for (String row : rows) {
      String[] cells = row.split("\\|");
      if (cells.length < 4) {
        throw new AssertionError(readme + ": not a table row: " + row);
      }
      actual.add(cell(cells[1]) + " | " + cell(cells[2]) + " | " + unquote(cell(cells[3])));
    }
    assertEquals(expected, actual, readme + ", table after '" + heading + "'");
  }

  private static List<String> tableAfter(List<String> lines, String heading, Path readme) {
    int start = lines.indexOf(heading);
    if (start < 0) {
      throw new AssertionError(readme + " has no line '" + heading + "'");
    }
    List<String> rows = new ArrayList<>();
    boolean inTable = false;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("|")) {
        inTable = true;
        rows.add(line);
      } else if (inTable) {
        break;
      }
    }
    if (rows.size() < 2) {
      throw new AssertionError(readme + ": no table after '" + heading + "'");
    }
    return rows.subList(2, rows.size()); // the header and the separator row
  }

  private static String cell(String text) {
    String t = text.strip();
    return t.length() >= 2 && t.startsWith("`") && t.endsWith("`") ? t.substring(1, t.length() - 1) : t;
  }

  private static String unquote(String text) {
    return text.length() > 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
  }
}
