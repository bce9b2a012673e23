package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ErrorLinesTest {

  private final ErrorLines lines = new ErrorLines();

  private String feed(String text) {
    return lines.feed(Buffer.buffer(text)).toString();
  }

  @Test
  void everyLineIsPrefixedAndKeepsItsOwnLineEnd() {
    assertEquals("! one\n! two\r\n", feed("one\ntwo\r\n"));
    assertEquals(2, lines.lines());
  }

  @Test
  void aLineSplitAcrossReadsIsPassedOnWholeOnceEnded() {
    assertEquals("", feed("par"));
    assertEquals("", feed("tial"));
    assertEquals("! partial\n! next\n", feed("\nnext\n"));
  }

  @Test
  void anUnfinishedLastLineIsEndedAtTheEnd() {
    assertEquals("! done\n", feed("done\n"));
    assertEquals("", feed("no line end"));
    assertEquals("! no line end\n", lines.end().toString());
    assertEquals("", lines.end().toString());
  }

  @Test
  void anEmptyLineIsALineToo() {
    assertEquals("! \n! \n", feed("\n\n"));
  }

  @Test
  void anOverlongLineIsCutIntoPrefixedPiecesSoNothingGrowsWithoutBound() {
    String longLine = "x".repeat(ErrorLines.MAX_LINE * 2 + 5);
    String out = feed(longLine + "\n");
    String piece = "x".repeat(ErrorLines.MAX_LINE);
    assertEquals("! " + piece + "\n! " + piece + "\n! xxxxx\n", out);
  }

  @Test
  void bytesThatAreNotTextPassUnchanged() {
    Buffer data = Buffer.buffer(new byte[] {(byte) 0xff, 0, 27, '\n'});
    Buffer expected = Buffer.buffer("! ").appendBytes(new byte[] {(byte) 0xff, 0, 27, '\n'});
    assertEquals(expected, lines.feed(data));
  }
}
