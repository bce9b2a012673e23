package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import net.twistedsuite.common.ConfigKey;
import org.junit.jupiter.api.Test;

/** The shipped configuration and both README tables say what {@link ExecOptions#SPEC} says. */
class ExecDocsTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theShippedConfigListsEveryKeyWithItsDefaultAndAHarmlessCommand() throws IOException {
    JsonObject shipped = new JsonObject(Files.readString(ROOT.resolve("conf/exec.json")));
    assertEquals(ExecOptions.SPEC.keys().stream().map(ConfigKey::path).collect(Collectors.toSet()),
        shipped.fieldNames());
    for (ConfigKey key : ExecOptions.SPEC.keys()) {
      if (!key.path().equals("command")) {
        assertEquals(String.valueOf(key.defaultValue()), String.valueOf(shipped.getValue(key.path())), key.path());
      }
    }
    assertEquals(new JsonArray().add("cat"), shipped.getJsonArray("command"));
  }

  @Test
  void theModuleReadmeTableMatchesTheSpec() throws IOException {
    assertTableMatches(ROOT.resolve("exec-verticle/README.md"));
  }

  @Test
  void theRootReadmeTableMatchesTheSpec() throws IOException {
    assertTableMatches(ROOT.resolve("README.md"));
  }

  private static void assertTableMatches(Path readme) throws IOException {
    List<String> rows = Files.readAllLines(readme).stream().filter(l -> l.startsWith("| `"))
        .filter(l -> l.contains("`EXEC_")).toList();
    assertEquals(ExecOptions.SPEC.keys().size(), rows.size(), readme + " rows: " + rows);
    for (int i = 0; i < rows.size(); i++) {
      ConfigKey key = ExecOptions.SPEC.keys().get(i);
      String[] cells = rows.get(i).split(" \\| ");
      assertEquals("| `" + key.path() + "`", cells[0], readme + ": row " + i);
      assertEquals("`" + key.envName("EXEC") + "`", cells[1], readme + ": " + key.path());
      if (!key.path().equals("command")) {
        assertEquals(documented(key.defaultValue()), cells[2].replace(" ", ""), readme + ": " + key.path());
      }
    }
  }

  /** How the tables write a default: in backticks, as JSON for objects and arrays, spaces aside. */
  private static String documented(Object value) {
    String text = value instanceof JsonObject o ? o.encode() : value instanceof JsonArray a ? a.encode()
        : String.valueOf(value);
    return "`" + text + "`";
  }

  @Test
  void theDocumentedCommandHasNoDefault() throws IOException {
    for (Path readme : List.of(ROOT.resolve("README.md"), ROOT.resolve("exec-verticle/README.md"))) {
      assertTrue(Files.readString(readme).contains("| `command` | `EXEC_COMMAND` | none: required |"), readme.toString());
    }
  }
}
