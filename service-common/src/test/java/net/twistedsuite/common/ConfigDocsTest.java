package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private final ConfigSpec spec = new ConfigSpec("proxy", "PROXY",
      ConfigKey.string("host", "0.0.0.0", "address"),
      ConfigKey.port("upstream.port", 1079, "upstream port"))
      .with(ClientLimits.group().maxConnections(20_000, 100).keys());

  @Test
  void aConfFileWithAnotherDefaultAMissingKeyOrAnUnknownOneIsCaught() {
    JsonObject file = new JsonObject().put("host", "0.0.0.0")
        .put("upstream", new JsonObject().put("port", 1079).put("hots", "x"))
        .put("maxConnections", 10_000);
    assertEquals(List.of("maxConnections: states 10000, the default is 20000",
        "maxConnectionsPerAddress: missing (default 100)", "upstream.hots: not a key of the service"),
        ConfigDocs.confFileProblems(spec, file));
  }

  @Test
  void aReadmeTableWithAnotherDefaultIsCaught() {
    String readme = "### proxy\n\n| key | environment variable | default | meaning |\n|---|---|---|---|\n"
        + "| `host` | `PROXY_HOST` | `0.0.0.0` | address |\n"
        + "| `upstream.port` | `PROXY_UPSTREAM_PORT` | `1079` | port |\n"
        + "| `maxConnections` | `PROXY_MAX_CONNECTIONS` | `10000` | most clients |\n"
        + "| `maxConnectionsPerAddress` | `PROXY_MAX_CONNECTIONS_PER_ADDRESS` | `100` | per address |\n"
        + "\n### fib\n\n| Key | Default |\n|---|---|\n| `other` | `1` |\n";
    assertEquals(List.of("maxConnections: states 10000, the default is 20000"),
        ConfigDocs.tableProblems(spec, ConfigDocs.section(readme, "### proxy")));
  }
}
