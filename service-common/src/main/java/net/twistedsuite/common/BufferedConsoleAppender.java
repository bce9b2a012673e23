package net.twistedsuite.common;

import ch.qos.logback.core.ConsoleAppender;
import java.io.BufferedOutputStream;
import java.io.OutputStream;

/**
 * Logback's console appender, buffered: lines collect in memory until {@link BatchedAsyncAppender}
 * has written a batch and flushes them in one {@code write}. Logback's own appender writes (and
 * the JVM's {@code System.out} flushes) each line as it comes: one system call per connection
 * on a server that logs one line per connection. Use it only behind a
 * {@code BatchedAsyncAppender}, which flushes after every batch and when it stops.
 */
public final class BufferedConsoleAppender<E> extends ConsoleAppender<E> {

  private static final int BUFFER_BYTES = 64 * 1024;

  public BufferedConsoleAppender() {
    setImmediateFlush(false);
  }

  @Override
  public void setOutputStream(OutputStream outputStream) {
    super.setOutputStream(new BufferedOutputStream(outputStream, BUFFER_BYTES));
  }
}
