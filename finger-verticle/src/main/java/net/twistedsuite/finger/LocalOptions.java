package net.twistedsuite.finger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;

/** The {@code local} group of finger's configuration: the machine's own users as a source. */
record LocalOptions(boolean enabled, Path passwdFile, List<String> passwdCommand, int passwdCommandTimeoutMs,
    int passwdCommandRefreshSeconds, long minUid, int maxPlanBytes, boolean list) {

  static final ConfigKey[] KEYS = {
      ConfigKey.bool("local.enabled", false,
          "answer for the accounts of the password database, in the long form with ~/.plan"),
      ConfigKey.string("local.passwdFile", "/etc/passwd", "the password database, re-read when it changes"),
      ConfigKey.array("local.passwdCommand", new JsonArray(),
          "program and arguments printing the database instead of passwdFile: [\"getent\", \"passwd\"]"),
      ConfigKey.integer("local.passwdCommandTimeoutMs", 5_000, 100, 600_000,
          "milliseconds before passwdCommand is killed"),
      ConfigKey.integer("local.passwdCommandRefreshSeconds", 60, 1, 86_400,
          "seconds between runs of passwdCommand"),
      ConfigKey.integer("local.minUid", 1_000, 0, 4_294_967_295L,
          "lowest user id answered for; accounts below it (system accounts) are unknown users"),
      ConfigKey.integer("local.maxPlanBytes", 16_384, 1, 1_048_576,
          "largest ~/.plan, ~/.project or ~/.pgpkey shown; a larger one reads as absent"),
      ConfigKey.bool("local.list", false,
          "show every local account in the list (needs listUsers); off, the list shows only users"
              + " another source knows"),
  };

  /** Reads the {@link #KEYS} from a configuration resolved by finger's spec. */
  static LocalOptions fromConfig(JsonObject resolved) {
    JsonObject local = resolved.getJsonObject("local");
    boolean enabled = local.getBoolean("enabled");
    List<String> command = FingerOptions.command(local.getJsonArray("passwdCommand"), "local.passwdCommand",
        enabled);
    String file = local.getString("passwdFile");
    if (enabled && command.isEmpty() && file.isBlank()) {
      throw new ConfigException("local.passwdFile", "must name a file when local.passwdCommand is empty");
    }
    return new LocalOptions(enabled, Path.of(file), command, local.getInteger("passwdCommandTimeoutMs"),
        local.getInteger("passwdCommandRefreshSeconds"), local.getLong("minUid"),
        local.getInteger("maxPlanBytes"), local.getBoolean("list"));
  }
}
