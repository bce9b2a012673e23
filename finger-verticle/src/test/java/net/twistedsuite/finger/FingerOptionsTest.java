package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import org.junit.jupiter.api.Test;

/** What operators may write in the configuration, and what they are told when it is wrong. */
class FingerOptionsTest {

  private static String error(JsonObject config) {
    return assertThrows(ConfigException.class, () -> FingerOptions.fromConfig(config)).getMessage();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    FingerOptions options = FingerOptions.fromConfig(new JsonObject());
    assertEquals("0.0.0.0", options.host());
    assertEquals(1079, options.port());
    assertEquals(Map.of(), options.users());
    assertEquals(Optional.empty(), options.usersFile());
    assertEquals(30, options.usersFileRefreshSeconds());
    assertTrue(options.listUsers());
    assertEquals(List.of(), options.command());
    assertEquals(5_000, options.commandTimeoutMs());
    assertEquals(Path.of("data/finger"), options.dataDir());
    assertEquals(1024, options.limits().maxLineLength());
    assertEquals(30, options.limits().idleTimeoutSeconds());
    assertEquals(20_000, options.limits().maxConnections());
    assertEquals(List.of(), options.filters());
  }

  @Test
  void everyKeyHasHelpAndTheSharedLimitsAreDeclared() {
    List<String> paths = FingerOptions.SPEC.keys().stream().map(ConfigKey::path).toList();
    for (String required : List.of("host", "port", "users", "usersFile", "usersFileRefreshSeconds",
        "idleTimeoutSeconds", "maxLineLength", "maxConnections", "listUsers", "command", "dataDir", "filters")) {
      assertTrue(paths.contains(required), required);
    }
    FingerOptions.SPEC.keys().forEach(k -> assertTrue(!k.help().isBlank(), k.path()));
    assertEquals("FINGER_USERS_FILE_REFRESH_SECONDS",
        FingerOptions.SPEC.keys().get(paths.indexOf("usersFileRefreshSeconds")).envName("FINGER"));
  }

  @Test
  void localUsersAreOffByDefaultWithTheDocumentedSettings() {
    LocalOptions local = FingerOptions.fromConfig(new JsonObject()).local();
    assertEquals(new LocalOptions(false, Path.of("/etc/passwd"), List.of(), 5_000, 60, 1_000, 16_384, false), local);
  }

  @Test
  void localKeysComeFromTheEnvironmentToo() {
    JsonObject config = FingerOptions.SPEC.withEnvironment(new JsonObject(), Map.of("FINGER_LOCAL_ENABLED", "true",
        "FINGER_LOCAL_PASSWD_FILE", "/srv/passwd", "FINGER_LOCAL_MIN_UID", "500", "FINGER_LOCAL_MAX_PLAN_BYTES", "100",
        "FINGER_LOCAL_LIST", "true"));
    assertEquals(new LocalOptions(true, Path.of("/srv/passwd"), List.of(), 5_000, 60, 500, 100, true),
        FingerOptions.fromConfig(config).local());
  }

  @Test
  void badLocalSettingsNameTheirKey() {
    assertEquals("local.minUid: must be between 0 and 4294967295, got -1",
        error(new JsonObject().put("local", new JsonObject().put("minUid", -1))));
    assertEquals("local.maxPlanBytes: must be between 1 and 1048576, got 0",
        error(new JsonObject().put("local", new JsonObject().put("maxPlanBytes", 0))));
    assertEquals("local.passwdCommand[0]: no executable program named 'getentt' on the PATH",
        error(new JsonObject().put("local", new JsonObject().put("enabled", true)
            .put("passwdCommand", new JsonArray().add("getentt").add("passwd")))));
    assertEquals("local.passwdFile: must name a file when local.passwdCommand is empty",
        error(new JsonObject().put("local", new JsonObject().put("enabled", true).put("passwdFile", ""))));
    assertTrue(error(new JsonObject().put("local", new JsonObject().put("enable", true)))
        .startsWith("local.enable: unknown key"));
  }

  @Test
  void usersMustBeValidNamesWithStringStatuses() {
    assertEquals("users.-x: not a valid user name (1 to 32 letters, digits, '.', '_' or '-', not starting with '-')",
        error(new JsonObject().put("users", new JsonObject().put("-x", "hi"))));
    assertEquals("users.moshez: must be a string",
        error(new JsonObject().put("users", new JsonObject().put("moshez", 42))));
  }

  @Test
  void theCommandMustBeAnExecutableProgram() {
    assertEquals("command[0]: no executable program named '/nonexistent/finger'",
        error(new JsonObject().put("command", new JsonArray().add("/nonexistent/finger"))));
    assertEquals("command[0]: no executable program named 'no-such-finger-program' on the PATH",
        error(new JsonObject().put("command", new JsonArray().add("no-such-finger-program"))));
    assertEquals("command[1]: must be a string",
        error(new JsonObject().put("command", new JsonArray().add("sh").add(1))));
    assertEquals(List.of("sh", "-c"),
        FingerOptions.fromConfig(new JsonObject().put("command", new JsonArray().add("sh").add("-c"))).command());
  }

  @Test
  void limitsAreRangeChecked() {
    assertTrue(error(new JsonObject().put("idleTimeoutSeconds", 0)).startsWith("idleTimeoutSeconds: must be between 1"));
    assertTrue(error(new JsonObject().put("maxLineLength", 1)).startsWith("maxLineLength: must be between 16"));
    assertTrue(error(new JsonObject().put("usersFileRefreshSeconds", 0))
        .startsWith("usersFileRefreshSeconds: must be between 1"));
    assertTrue(error(new JsonObject().put("dataDir", " ")).startsWith("dataDir: must name a directory"));
    assertTrue(error(new JsonObject().put("userFile", "x")).startsWith("userFile: unknown key"));
  }

  @Test
  void filtersNameTheEntryThatIsWrong() {
    JsonArray filters = new JsonArray()
        .add(new JsonObject().put("match", "ok").put("replace", "fine"))
        .add(new JsonObject().put("match", "(unclosed").put("replace", "x"));
    assertEquals("filters[1].match: not a valid regular expression: Unclosed group near index 9",
        error(new JsonObject().put("filters", filters)));
    assertEquals("filters[0].match: must be a non-empty regular expression",
        error(new JsonObject().put("filters", new JsonArray().add(new JsonObject().put("replace", "x")))));
    assertEquals("filters[0].replace: must be a string", error(new JsonObject().put("filters",
        new JsonArray().add(new JsonObject().put("match", "a").put("replace", 1)))));
    assertEquals("filters[0].with: unknown key (known keys: match, replace)", error(new JsonObject().put("filters",
        new JsonArray().add(new JsonObject().put("match", "a").put("with", "b")))));
    assertTrue(error(new JsonObject().put("filters", new JsonArray().add("Microsoft")))
        .startsWith("filters[0]: must be an object"));
  }

  @Test
  void aFilterReplacesEveryMatchWithLiteralText() {
    List<AnswerFilter> filters = AnswerFilter.fromConfig(new JsonObject().put("filters", new JsonArray()
        .add(new JsonObject().put("match", "Micro(soft)").put("replace", "$1 \\o/"))
        .add(new JsonObject().put("match", "secret"))));
    String answer = "Microsoft, Microsoft and a secret";
    for (AnswerFilter filter : filters) {
      answer = filter.apply(answer);
    }
    assertEquals("$1 \\o/, $1 \\o/ and a ", answer);
  }
}
