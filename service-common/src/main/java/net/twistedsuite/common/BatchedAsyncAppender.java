package net.twistedsuite.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands log events to its appenders on a thread of its own, in batches: the thread wakes for the
 * first event after a quiet spell, waits {@code lingerMillis} for more, and writes all it has.
 *
 * <p>Logback's {@code AsyncAppender} wakes its thread for every event when the thread keeps up, as
 * it does with one short line per connection; each wake-up is a futex call and two context
 * switches. On a service limited to one core that cost a third of the CPU of a finger query.
 * Here the thread wakes at most once per {@code lingerMillis} however many events arrive, and
 * lines reach the output at most that much later.
 *
 * <p>Logging never blocks: when the queue is full an event is dropped, and the number dropped is
 * reported as a warning with the next batch. Stopping writes everything queued before it.
 */
public final class BatchedAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {

  private static final long STOP_WAIT_MILLIS = 2_000;

  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private final AtomicLong dropped = new AtomicLong();
  private int queueSize = 8192;
  private int lingerMillis = 50;
  private BlockingQueue<ILoggingEvent> queue;
  private Thread worker;
  private volatile boolean stopping;

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setLingerMillis(int lingerMillis) {
    this.lingerMillis = lingerMillis;
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (queueSize < 1 || lingerMillis < 0) {
      addError("queueSize must be at least 1 and lingerMillis at least 0");
      return;
    }
    if (!appenders.iteratorForAppenders().hasNext()) {
      addError("no appender attached to " + getName());
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    stopping = false;
    worker = new Thread(this::run, "log-writer-" + getName());
    worker.setDaemon(true);
    super.start();
    worker.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // Message, MDC and thread name are taken now, on the caller's thread.
    event.prepareForDeferredProcessing();
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    stopping = true;
    worker.interrupt();
    try {
      worker.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      addWarn("log events still queued after " + STOP_WAIT_MILLIS + " ms were not written");
    }
    super.stop();
    appenders.detachAndStopAllAppenders();
  }

  private void run() {
    List<ILoggingEvent> batch = new ArrayList<>();
    while (!stopping || !queue.isEmpty()) {
      try {
        ILoggingEvent first = stopping ? queue.poll() : queue.take();
        if (first != null) {
          batch.add(first);
        }
        if (!stopping && lingerMillis > 0) {
          Thread.sleep(lingerMillis);
        }
      } catch (InterruptedException e) {
        // stop() wants the queue written now: fall through to the drain.
      }
      queue.drainTo(batch);
      write(batch);
      batch.clear();
    }
  }

  private void write(List<ILoggingEvent> batch) {
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      appenders.appendLoopOnAppenders(droppedWarning(lost));
    }
    for (ILoggingEvent event : batch) {
      appenders.appendLoopOnAppenders(event);
    }
    flushBuffered();
  }

  /** One write per batch for appenders that buffer ({@link BufferedConsoleAppender}). */
  private void flushBuffered() {
    for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && !out.isImmediateFlush()
          && out.getOutputStream() != null) {
        try {
          out.getOutputStream().flush();
        } catch (IOException e) {
          addError("could not flush " + out.getName(), e);
        }
      }
    }
  }

  private ILoggingEvent droppedWarning(long lost) {
    LoggerContext context = (LoggerContext) getContext();
    LoggingEvent warning = new LoggingEvent(BatchedAsyncAppender.class.getName(),
        context.getLogger(BatchedAsyncAppender.class), Level.WARN,
        "{} log lines dropped: the log queue ({} lines) was full", null, new Object[] {lost, queueSize});
    warning.prepareForDeferredProcessing();
    return warning;
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
