package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchedAsyncAppenderTest {

  private final LoggerContext context = new LoggerContext();
  private final Collected collected = new Collected();
  private final BatchedAsyncAppender appender = new BatchedAsyncAppender();
  private final Logger logger = context.getLogger("test");

  /** Keeps what reaches it; can be made to block, like a pipe nobody reads. */
  private static final class Collected extends AppenderBase<ILoggingEvent> {
    // Not a copy-on-write list: 20,000 appends would copy it 20,000 times, slow enough on a busy
    // machine to outlast the appender's bounded wait at stop.
    final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    protected void append(ILoggingEvent event) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.add(event);
    }

    List<String> messages() {
      List<String> out = new ArrayList<>();
      events.forEach(e -> out.add(e.getFormattedMessage()));
      return out;
    }
  }

  private void start(int queueSize, int lingerMillis) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    collected.setContext(context);
    collected.start();
    appender.setContext(context);
    appender.setName("ASYNC");
    appender.setQueueSize(queueSize);
    appender.setLingerMillis(lingerMillis);
    appender.addAppender(collected);
    appender.start();
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
  }

  @AfterEach
  void stop() {
    collected.gate.countDown();
    context.stop();
  }

  @Test
  void everyLineFromManyThreadsIsWrittenInEachThreadsOrder() throws Exception {
    start(100_000, 20);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          logger.info("thread {} line {}", id, i);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    appender.stop();

    assertEquals(20_000, collected.events.size());
    int[] next = new int[4];
    Pattern line = Pattern.compile("thread (\\d) line (\\d+)");
    for (String message : collected.messages()) {
      Matcher m = line.matcher(message);
      assertTrue(m.matches(), message);
      int thread = Integer.parseInt(m.group(1));
      assertEquals(next[thread]++, Integer.parseInt(m.group(2)), "order of thread " + thread);
    }
  }

  @Test
  void aLineLoggedWhileQuietIsWrittenWithoutWaitingForMore() throws Exception {
    start(16, 10);
    logger.info("alone");
    Await.until(() -> !collected.events.isEmpty(), Duration.ofSeconds(10), "the line is written");
    assertEquals(List.of("alone"), collected.messages());
  }

  @Test
  void aFullQueueDropsLinesWithoutBlockingAndSaysHowManyWereLost() throws Exception {
    collected.gate = new CountDownLatch(1);
    start(4, 0);
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 1_000; i++) {
        logger.info("line {}", i);
      }
    });
    writer.start();
    writer.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(!writer.isAlive(), "logging blocked behind an output that does not take lines");

    collected.gate.countDown();
    appender.stop();

    long written = collected.messages().stream().filter(m -> m.startsWith("line ")).count();
    long reported = 0;
    Pattern warning = Pattern.compile("(\\d+) log lines dropped: the log queue \\(4 lines\\) was full");
    for (ILoggingEvent event : collected.events) {
      Matcher m = warning.matcher(event.getFormattedMessage());
      if (m.matches()) {
        assertEquals(Level.WARN, event.getLevel());
        reported += Long.parseLong(m.group(1));
      }
    }
    assertTrue(reported > 0, "nothing reported as dropped");
    assertEquals(1_000, written + reported);
  }

  @Test
  void aBufferedConsoleWritesEachBatchAtOnceAndLosesNoLine() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicInteger writes = new AtomicInteger();
    PrintStream console = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        writes.incrementAndGet();
        bytes.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        writes.incrementAndGet();
        bytes.write(b, off, len);
      }
    }, true);
    PrintStream out = System.out;
    System.setOut(console);
    try {
      BufferedConsoleAppender<ILoggingEvent> buffered = new BufferedConsoleAppender<>();
      buffered.setContext(context);
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%msg%n");
      encoder.start();
      buffered.setEncoder(encoder);
      buffered.start();
      appender.addAppender(buffered);
      start(10_000, 200);
      for (int i = 0; i < 1_000; i++) {
        logger.info("line {}", i);
      }
      // The first batch is written a linger after its first line, without waiting for a stop.
      Await.until(() -> bytes.toString(StandardCharsets.US_ASCII).contains("line 999\n"),
          "the lines are written before the appender stops");
      appender.stop();
    } finally {
      System.setOut(out);
    }
    String[] lines = bytes.toString(StandardCharsets.US_ASCII).split("\n");
    assertEquals(1_000, lines.length);
    assertEquals("line 999", lines[999]);
    assertTrue(writes.get() < 100, "writes for 1,000 lines: " + writes.get());
  }
}
