package net.twistedsuite.fib;

import java.nio.file.Path;
import net.twistedsuite.common.ServiceConf;

/** fib's configuration file as a test writes one: on loopback, with its data directory beside it. */
final class FibConf {

  private FibConf() {
  }

  /** A fib of the test's own that reserves {@code reserveBlock} numbers at a time. */
  static ServiceConf reserving(int reserveBlock) {
    return new ServiceConf("fib", (dir, port) -> "{\n"
        + "  // written by a test\n"
        + "  \"host\": \"127.0.0.1\",\n"
        + "  \"port\": " + port + ",\n"
        + "  \"dataDir\": \"" + dataDir(dir).toString().replace("\\", "\\\\") + "\",\n"
        + "  \"reserveBlock\": " + reserveBlock + "\n"
        + "}\n");
  }

  /** Where the service keeps its position; it makes it when it starts. */
  static Path dataDir(ServiceConf fib) {
    return dataDir(fib.dir());
  }

  static Path stateFile(ServiceConf fib) {
    return dataDir(fib).resolve(SequenceStore.STATE_FILE);
  }

  private static Path dataDir(Path dir) {
    return dir.resolve("data");
  }
}
