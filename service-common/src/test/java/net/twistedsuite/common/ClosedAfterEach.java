package net.twistedsuite.common;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opens and would leave open if it failed half-way: clients, sockets, and the threads
 * that read them. Register it on the test class ({@code @RegisterExtension final ClosedAfterEach
 * opened = new ClosedAfterEach();}) and pass each client through {@link #add}: after the test,
 * whatever its outcome, all are closed, the newest first, and the threads stopped.
 */
public final class ClosedAfterEach implements AfterEachCallback {

  private final Deque<AutoCloseable> opened = new ConcurrentLinkedDeque<>();
  private ExecutorService threads;

  /** Returns {@code closeable}, which is closed after the test; safe to call from any thread. */
  public <T extends AutoCloseable> T add(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  /** Threads for the test's blocking clients, so that several read at once; stopped after the test. */
  public synchronized ExecutorService threads() {
    if (threads == null) {
      threads = Executors.newCachedThreadPool();
      add(threads::shutdownNow);
    }
    return threads;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (AutoCloseable closeable; (closeable = opened.poll()) != null; ) {
      closeable.close();
    }
    synchronized (this) {
      threads = null;
    }
  }
}
