package net.twistedsuite.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A service of the test's own, run as operators run it: a configuration file for the module's fat
 * jar, naming a free port, in a directory made for each test and removed after it, so that no test
 * meets another's data or port. Register it on a test class, e.g.
 * {@code @RegisterExtension final ServiceConf fib = new ServiceConf("fib", (dir, port) -> "{...}");}.
 */
public final class ServiceConf implements BeforeEachCallback, AfterEachCallback {

  /** What the file says, given the test's directory (for data and files it names) and the port. */
  @FunctionalInterface
  public interface Contents {
    String json(Path dir, int port) throws IOException;
  }

  private final String service;
  private final Contents contents;
  private Path dir;
  private int port;

  public ServiceConf(String service, Contents contents) {
    this.service = service;
    this.contents = contents;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory(service + "-service");
    port = ServiceProcess.freePort();
    Files.writeString(file(), contents.json(dir, port));
  }

  /** The test's directory, beside the file. */
  public Path dir() {
    return dir;
  }

  /** {@code <service>.json}. */
  public Path file() {
    return dir.resolve(service + ".json");
  }

  /** The port the file names. */
  public int port() {
    return port;
  }

  /** {@code java -jar <fat jar> -conf FILE}, with {@code env} added to the environment. */
  public ServiceProcess start(Map<String, String> env) throws IOException {
    return ServiceProcess.start(ServiceProcess.fatJar(), env, "-conf", file().toString());
  }

  public ServiceProcess start() throws IOException {
    return start(Map.of());
  }

  /** Starts the fat jar with {@code -conf FILE} and returns it once it listens on the file's port. */
  public ServiceProcess startListening() throws IOException, InterruptedException {
    return ServiceProcess.startListening(service, port, Map.of(), "-conf", file().toString());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
