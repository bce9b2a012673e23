package net.twistedsuite.common;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * The problems of a file read again and again (a followed log, a polled file): each is logged
 * once when it starts or changes, and one line says when reading works again, instead of a line
 * on every poll.
 */
public final class ReadProblems {

  private final Logger log;
  private final Path path;
  private String problem;

  /** Logs to {@code log}, the follower's own, about {@code path}. */
  public ReadProblems(Logger log, Path path) {
    this.log = log;
    this.path = path;
  }

  /** Reading failed with {@code e}; a warning unless it is the problem already reported. */
  public void report(IOException e) {
    String message = e instanceof AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file or directory"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!message.equals(problem)) {
      log.warn("cannot read {}: {}", path, message);
      problem = message;
    }
  }

  /** Reading worked; says so once after a problem. */
  public void recovered() {
    if (problem != null) {
      log.info("reading {} again", path);
      problem = null;
    }
  }
}
