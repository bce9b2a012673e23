package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecOptionsTest {

  private static JsonObject cat() {
    return new JsonObject().put("command", new JsonArray().add("cat"));
  }

  private static ConfigException refused(JsonObject config) {
    return assertThrows(ConfigException.class, () -> ExecOptions.fromConfig(config));
  }

  @Test
  void defaultsAreTheDocumentsLoopbackPortWithNothingOfTheServersEnvironment() {
    ExecOptions options = ExecOptions.fromConfig(cat());
    assertEquals("127.0.0.1", options.host());
    assertEquals(1025, options.port());
    assertTrue(options.allowedNetworks().isEmpty());
    assertEquals(Path.of("/"), options.workingDirectory());
    assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), options.environment());
    assertEquals(new ClientLimits(0, 300, 16, 8), options.limits());
    assertEquals(3600, options.maxRunSeconds());
    assertEquals(2000, options.stopGraceMs());
  }

  @Test
  void withoutACommandTheServerRefusesToStart() {
    ConfigException e = refused(new JsonObject());
    assertEquals("command: no program configured: set it to the program and its fixed arguments as a"
        + " JSON array, e.g. [\"cat\"]", e.getMessage());
  }

  @Test
  void theProgramIsFoundOnTheProgramsOwnPathAndKeepsItsArguments() {
    ExecOptions options = ExecOptions.fromConfig(new JsonObject().put("command", new JsonArray().add("sh").add("-c").add("x; y")));
    assertTrue(Path.of(options.command().get(0)).isAbsolute(), options.command().toString());
    assertTrue(options.command().get(0).endsWith("/sh"));
    assertEquals(List.of("-c", "x; y"), options.command().subList(1, 3));
  }

  @Test
  void aProgramNotOnThePathOrNotExecutableIsRefused(@TempDir Path dir) throws Exception {
    assertEquals("command: no-such-program not found on the program's PATH (/usr/bin:/bin); give its"
        + " absolute path or set environment.PATH", refused(new JsonObject()
            .put("command", new JsonArray().add("no-such-program"))
            .put("environment", new JsonObject().put("PATH", "/usr/bin:/bin"))).getMessage());
    Path plain = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
    assertEquals("command: not an executable file: " + plain,
        refused(new JsonObject().put("command", new JsonArray().add(plain.toString()))).getMessage());
    assertTrue(refused(new JsonObject().put("command", new JsonArray().add("cat"))
        .put("environment", new JsonObject())).getMessage().contains("environment has no PATH"));
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(plain.toString(), ExecOptions.fromConfig(new JsonObject()
        .put("command", new JsonArray().add(plain.toString()))).command().get(0));
  }

  @Test
  void aRelativeProgramPathIsTakenFromTheWorkingDirectory(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    ExecOptions options = ExecOptions.fromConfig(new JsonObject().put("command", new JsonArray().add("./tool"))
        .put("workingDirectory", dir.toString()));
    assertEquals(script.toString(), options.command().get(0));
  }

  @Test
  void aNonLoopbackHostNeedsAllowedNetworks() {
    for (String host : new String[] {"0.0.0.0", "::", "192.0.2.5"}) {
      ConfigException e = refused(cat().put("host", host));
      assertEquals("host", e.key());
      assertTrue(e.getMessage().startsWith("host: " + host + " is not a loopback address"), e.getMessage());
    }
    ExecOptions options = ExecOptions.fromConfig(cat().put("host", "0.0.0.0")
        .put("allowedNetworks", new JsonArray().add("10.0.0.0/8")));
    assertTrue(options.allowedNetworks().allows("10.1.2.3"));
    assertTrue(options.allowedNetworks().allows("127.0.0.1"));
    assertEquals(false, options.allowedNetworks().allows("192.0.2.1"));
  }

  @Test
  void badValuesAreRefusedNamingTheKey(@TempDir Path dir) {
    assertEquals("workingDirectory", refused(cat().put("workingDirectory", dir.resolve("missing").toString())).key());
    assertEquals("environment", refused(cat().put("environment", new JsonObject().put("A=B", "x"))).key());
    assertEquals("environment", refused(cat().put("environment", new JsonObject().put("N", 1))).key());
    assertEquals("command", refused(new JsonObject().put("command", new JsonArray().add(1))).key());
    assertEquals("command", refused(new JsonObject().put("command", "cat")).key());
    assertEquals("allowedNetworks", refused(cat().put("allowedNetworks", new JsonArray().add("10.0.0.1/8"))).key());
    assertEquals("maxConnections", refused(cat().put("maxConnections", 0)).key());
  }

  @Test
  void environmentVariablesSetTheCommandAndTheProgramsEnvironment() {
    JsonObject config = ExecOptions.SPEC.withEnvironment(new JsonObject(), Map.of(
        "EXEC_COMMAND", "[\"env\"]",
        "EXEC_ENVIRONMENT", "{\"PATH\": \"/usr/bin:/bin\", \"LANG\": \"C.UTF-8\"}",
        "EXEC_MAX_RUN_SECONDS", "60"));
    ExecOptions options = ExecOptions.fromConfig(config);
    assertTrue(options.command().get(0).endsWith("/env"));
    assertEquals(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"), options.environment());
    assertEquals(60, options.maxRunSeconds());
  }
}
