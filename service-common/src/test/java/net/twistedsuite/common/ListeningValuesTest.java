package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListeningValuesTest {

  private static final ClientLimits.Group LIMITS = ClientLimits.group()
      .maxLineLength(512).idleTimeoutSeconds(20).maxConnections(50, 5);

  @Test
  void theSharedKeysStandWhereHelpListsThem() {
    ConfigSpec spec = ConfigSpec.listeningOnLoopback("demo", "DEMO", 4000, ConfigKey.bool("verbose", false, "talk"))
        .withClients(LIMITS)
        .withLogAndAdmin(9000);
    assertEquals(List.of("host", "port", "verbose", "maxLineLength", "idleTimeoutSeconds", "maxConnections",
        "maxConnectionsPerAddress", "eventLoops", "logFormat", "admin.enabled", "admin.host", "admin.port"),
        spec.keys().stream().map(ConfigKey::path).toList());
    assertEquals("127.0.0.1", spec.resolve(new JsonObject()).getString("host"));
  }

  @Test
  void aServiceWithoutTlsKeysReadsAsNoTlsListener() {
    ConfigSpec spec = ConfigSpec.listening("demo", "DEMO", 4000).withClients(LIMITS);
    ListeningValues values = ListeningValues.of(spec.resolve(new JsonObject().put("eventLoops", 3)));
    assertEquals("0.0.0.0", values.host());
    assertEquals(4000, values.port());
    assertEquals(new ClientLimits(512, 20, 50, 5), values.limits());
    assertEquals(3, values.eventLoops());
    assertSame(TlsOptions.NONE, values.tls());
  }

  @Test
  void theTlsKeysAreReadWhenTheSpecHasThem() {
    ConfigSpec spec = ConfigSpec.listening("demo", "DEMO", 4000).withClients(LIMITS).with(TlsOptions.keys(14000));
    JsonObject given = new JsonObject().put("port", 0).put("maxConnections", 9)
        .put("tls", new JsonObject().put("certPath", "tls.crt").put("keyPath", "tls.key"));
    ListeningValues values = ListeningValues.of(spec.resolve(given));
    assertEquals(0, values.port());
    assertEquals(9, values.limits().maxConnections());
    assertEquals(new TlsOptions(true, 14000, Path.of("tls.crt"), Path.of("tls.key"), false), values.tls());
  }

  @Test
  void aBlankFileNameIsRefusedByItsKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigSpec.fileName(new JsonObject().put("logFile", " "), "logFile"));
    assertEquals("logFile: must name a file", e.getMessage());
    assertEquals("access.log", ConfigSpec.fileName(new JsonObject().put("logFile", "access.log"), "logFile"));
  }
}
