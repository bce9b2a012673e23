package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class LineEndsTest {

  @Test
  void onlyTheCrOfACrLfEndIsLeftOut() {
    assertEquals(3, LineEnds.contentLength(Buffer.buffer("abc\r")));
    assertEquals(3, LineEnds.contentLength(Buffer.buffer("abc")));
    assertEquals(4, LineEnds.contentLength(Buffer.buffer("a\rbc")), "a CR inside the line is the client's");
    assertEquals(0, LineEnds.contentLength(Buffer.buffer("\r")));
    assertEquals(0, LineEnds.contentLength(Buffer.buffer()));
  }
}
