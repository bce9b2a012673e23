package net.twistedsuite.fib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.twistedsuite.common.ServiceProcess;

/**
 * A configuration file for a test's service, with its data directory in {@code dir/data}, and the
 * fat jar started from it as operators start it.
 */
final class FibConf {

  private FibConf() {
  }

  static Path write(Path dir, int port, int reserveBlock) throws IOException {
    String json = "{\n"
        + "  // written by a test\n"
        + "  \"host\": \"127.0.0.1\",\n"
        + "  \"port\": " + port + ",\n"
        + "  \"dataDir\": \"" + dir.resolve("data").toString().replace("\\", "\\\\") + "\",\n"
        + "  \"reserveBlock\": " + reserveBlock + "\n"
        + "}\n";
    return Files.writeString(dir.resolve("fib.json"), json);
  }

  /** {@code java -jar fib.jar -conf CONF}, with {@code env} added to the environment. */
  static ServiceProcess start(Path conf, Map<String, String> env) throws IOException {
    return ServiceProcess.start(ServiceProcess.fatJar(), env, "-conf", conf.toString());
  }

  static ServiceProcess start(Path conf) throws IOException {
    return start(conf, Map.of());
  }
}
