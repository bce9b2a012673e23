package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBufferTest {

  private final LineBuffer buffer = new LineBuffer(8);
  private final List<String> lines = new ArrayList<>();

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.feed(bytes, 0, bytes.length, line ->
        lines.add(new String(line.bytes(), StandardCharsets.UTF_8) + (line.truncated() ? "[cut]" : "")));
  }

  @Test
  void linesMaySpanFeeds() {
    feed("ab");
    feed("c\nde");
    assertEquals(List.of("abc"), lines);
    assertTrue(buffer.holding());
    feed("\n");
    assertEquals(List.of("abc", "de"), lines);
    assertFalse(buffer.holding());
  }

  @Test
  void aLineOverTheLimitIsCutOnceAndTheRestSkipped() {
    feed("0123456789abcdef");
    feed("ghij\nok\n");
    assertEquals(List.of("01234567[cut]", "ok"), lines);
  }

  @Test
  void aLineOfExactlyTheLimitIsWhole() {
    feed("01234567\n");
    assertEquals(List.of("01234567"), lines);
  }

  @Test
  void flushDeliversTheHeldLine() {
    feed("x\npart");
    buffer.flush(line -> lines.add(new String(line.bytes(), StandardCharsets.UTF_8)));
    assertEquals(List.of("x", "part"), lines);
    assertFalse(buffer.holding());
  }
}
