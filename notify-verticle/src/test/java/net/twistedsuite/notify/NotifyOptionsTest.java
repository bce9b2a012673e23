package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.twistedsuite.common.ConfigDocs;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

/** The keys, as the spec declares them and as conf/notify.json and the README show them. */
class NotifyOptionsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

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
    ConfigDocs.assertReadmeTable(NotifyOptions.SPEC, ROOT.resolve("README.md"),
        "### notify ([notify-verticle/README.md](notify-verticle/README.md))");
  }

  @Test
  void theShippedConfigurationHasEveryKeyAtItsDefaultButTheExample() throws Exception {
    Path conf = ROOT.resolve("conf/notify.json");
    ConfigDocs.assertConfFileShowsDefaults(NotifyOptions.SPEC, conf, "classifiedsFile");
    NotifyOptions.fromConfig(new JsonObject(Files.readString(conf)));
    assertTrue(Files.isRegularFile(ROOT.resolve("conf/sample-classifieds.txt")));
  }
}
