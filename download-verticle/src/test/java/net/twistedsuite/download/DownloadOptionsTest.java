package net.twistedsuite.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.TlsOptions;
import net.twistedsuite.common.ConfigDocs;
import net.twistedsuite.common.ConfigException;
import org.junit.jupiter.api.Test;

class DownloadOptionsTest {

  @Test
  void theKeysHaveTheirDefaultsAndEnvironmentVariables() {
    assertEquals(new DownloadOptions("0.0.0.0", 8001, Path.of("downloads"), 100, 4,
        new ClientLimits(1024, 300, 2000, 100), Runtime.getRuntime().availableProcessors(),
        new TlsOptions(false, 18001, null, null, false)),
        DownloadOptions.fromConfig(new JsonObject()));
    assertEquals(List.of("DOWNLOAD_HOST", "DOWNLOAD_PORT", "DOWNLOAD_DIRECTORY", "DOWNLOAD_LINE_DELAY_MS",
        "DOWNLOAD_MAX_DOWNLOADS_PER_CONNECTION", "DOWNLOAD_MAX_LINE_LENGTH", "DOWNLOAD_IDLE_TIMEOUT_SECONDS",
        "DOWNLOAD_MAX_CONNECTIONS", "DOWNLOAD_MAX_CONNECTIONS_PER_ADDRESS", "DOWNLOAD_EVENT_LOOPS", "DOWNLOAD_LOG_FORMAT",
        "DOWNLOAD_ADMIN_ENABLED", "DOWNLOAD_ADMIN_HOST", "DOWNLOAD_ADMIN_PORT", "DOWNLOAD_TLS_PORT",
        "DOWNLOAD_TLS_CERT_PATH", "DOWNLOAD_TLS_KEY_PATH", "DOWNLOAD_TLS_ONLY"), DownloadOptions.SPEC.envNames());
  }

  @Test
  void theConfFileAndBothReadmesShowEveryKeyWithItsDefault() throws Exception {
    ConfigDocs.assertConfFileShowsDefaults(DownloadOptions.SPEC, Path.of("..", "conf", "download.json"), "directory");
    ConfigDocs.assertReadmeTable(DownloadOptions.SPEC, Path.of("..", "README.md"),
        "### download ([download-verticle/README.md](download-verticle/README.md))");
    ConfigDocs.assertReadmeTable(DownloadOptions.SPEC, Path.of("README.md"), "## Configuration");
  }

  @Test
  void anEmptyDirectoryIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> DownloadOptions.fromConfig(new JsonObject().put("directory", " ")));
    assertEquals("directory: must name a directory", e.getMessage());
  }
}
