package net.twistedsuite.weblog;

import net.twistedsuite.common.ServiceConf;

/**
 * weblog's configuration file as people write one, comments included: on loopback, following an
 * access log beside it that already holds one line (which is no new hit), pushing each hit at once
 * and polling often.
 */
final class WeblogConf {

  private WeblogConf() {
  }

  /** A weblog of the test's own; {@code settings}: more keys, as JSON members, or none. */
  static ServiceConf following(String settings) {
    return new ServiceConf("weblog", (dir, port) -> {
      AccessLog log = new AccessLog(dir.resolve("access.log")).hits("/before-start");
      return "// written by a test\n{\n"
          + "  \"host\": \"127.0.0.1\", \"port\": " + port + ",\n"
          + "  \"logFile\": \"" + log.path().toString().replace("\\", "\\\\") + "\", // the log under test\n"
          + "  \"pushIntervalMs\": 0, \"pollIntervalMs\": 50" + (settings.isEmpty() ? "" : ",\n  " + settings)
          + "\n}\n";
    });
  }

  /** The log {@code weblog} follows. */
  static AccessLog log(ServiceConf weblog) {
    return new AccessLog(weblog.dir().resolve("access.log"));
  }
}
