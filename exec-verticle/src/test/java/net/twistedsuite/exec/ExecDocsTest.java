package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.common.ConfigDocs;
import org.junit.jupiter.api.Test;

/** The shipped configuration and both README tables say what {@link ExecOptions#SPEC} says. */
class ExecDocsTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theShippedConfigListsEveryKeyWithItsDefaultAndAHarmlessCommand() throws IOException {
    Path conf = ROOT.resolve("conf/exec.json");
    ConfigDocs.assertConfFileShowsDefaults(ExecOptions.SPEC, conf, "command");
    assertEquals(new JsonArray().add("cat"), new JsonObject(Files.readString(conf)).getJsonArray("command"));
  }

  @Test
  void theModuleReadmeTableMatchesTheSpec() throws IOException {
    ConfigDocs.assertReadmeTable(ExecOptions.SPEC, ROOT.resolve("exec-verticle/README.md"), "## Configuration");
  }

  @Test
  void theRootReadmeTableMatchesTheSpec() throws IOException {
    ConfigDocs.assertReadmeTable(ExecOptions.SPEC, ROOT.resolve("README.md"),
        "### exec ([exec-verticle/README.md](exec-verticle/README.md))");
  }
}
