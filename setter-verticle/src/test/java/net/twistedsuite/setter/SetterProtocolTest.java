package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.twistedsuite.status.StatusSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SetterProtocolTest {

  private final List<String> outcomes = new ArrayList<>();
  private final SetterProtocol.Listener recorder = new SetterProtocol.Listener() {
    @Override
    public void onUpdate(StatusSet update) {
      outcomes.add("update " + update.user() + "=" + update.status());
    }

    @Override
    public void onRefusal(String reason) {
      outcomes.add("refused " + reason);
    }
  };
  private SetterProtocol protocol = new SetterProtocol(16, recorder);

  private String feed(String... chunks) {
    for (String chunk : chunks) {
      protocol.handle(Buffer.buffer(chunk.getBytes(StandardCharsets.UTF_8)));
    }
    return outcome();
  }

  private String feedAndEnd(String... chunks) {
    feed(chunks);
    protocol.end();
    return outcome();
  }

  /** For input that is not UTF-8 text, or is split inside a character. */
  private String feedBytesAndEnd(byte[]... chunks) {
    for (byte[] chunk : chunks) {
      protocol.handle(Buffer.buffer(chunk));
    }
    protocol.end();
    return outcome();
  }

  private String outcome() {
    if (outcomes.size() > 1) {
      throw new AssertionError("more than one outcome: " + outcomes);
    }
    return outcomes.isEmpty() ? null : outcomes.get(0);
  }

  @Test
  void twoCrlfLinesAreAnUpdateOnlyOnceInputEnds() {
    assertNull(feed("moshez\r\nAt lunch\r\n"));
    protocol.end();
    assertEquals("update moshez=At lunch", outcome());
  }

  @Test
  void bareLfAndAMissingLastLineEndingAreAccepted() {
    assertEquals("update moshez=At lunch", feedAndEnd("moshez\nAt lunch"));
  }

  @Test
  void linesMayArriveSplitAnywhereEvenInsideCrlf() {
    assertEquals("update moshez=Away", feedAndEnd("mo", "shez\r", "\nAw", "ay\r", "\n"));
  }

  @Test
  void utf8StatusSplitInsideACharacterIsDecoded() {
    byte[] bytes = "bob\nÀ table\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("update bob=À table",
        feedBytesAndEnd(Arrays.copyOfRange(bytes, 0, 5), Arrays.copyOfRange(bytes, 5, bytes.length)));
  }

  @Test
  void anEmptyStatusIsAClearRequest() {
    assertEquals("update moshez=", feedAndEnd("moshez\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("net.twistedsuite.setter.BadUpdates#all")
  void aBadUpdateIsRefusedWithItsReason(String name, String input, String reason) {
    assertEquals("refused " + reason, input.isEmpty() ? feedAndEnd() : feedAndEnd(input));
  }

  @Test
  void invalidUtf8IsRefused() {
    assertEquals("refused line 2 is not valid UTF-8",
        feedBytesAndEnd("moshez\n".getBytes(StandardCharsets.UTF_8), new byte[] {'A', (byte) 0xff, '\n'}));
  }

  @Test
  void aLineOfExactlyTheLimitIsAcceptedWithOrWithoutCr() {
    assertEquals("update moshez=0123456789abcdef", feedAndEnd("moshez\n0123456789abcdef\r\n"));
  }

  @Test
  void anOverLongCompleteLineIsRefusedAtOnce() {
    assertEquals("refused line 2 is longer than 16 bytes", feed("moshez\n0123456789abcdefg\n"));
  }

  @Test
  void anOverLongLineIsRefusedBeforeItsEndArrives() {
    assertEquals("refused line 1 is longer than 16 bytes", feed("0123456789", "abcdefgh"));
  }

  @Test
  void anOverLongLastLineWithoutEndingIsRefused() {
    assertEquals("refused line 2 is longer than 16 bytes", feedAndEnd("moshez\n0123456789abcdefg"));
  }

  @Test
  void aThirdLineIsRefusedAsSoonAsItStarts() {
    assertEquals("refused more than two lines: send the user name, then the status, then close",
        feed("moshez\r\nAt lunch\r\nx"));
  }

  @Test
  void aTrailingBlankLineIsAThirdLine() {
    assertEquals("refused more than two lines: send the user name, then the status, then close",
        feed("moshez\r\nAt lunch\r\n\r\n"));
  }

  @Test
  void inputAfterTheOutcomeIsIgnored() {
    feed("0123456789abcdefghij");
    feed("more\nand more\n");
    protocol.end();
    assertEquals("refused line 1 is longer than 16 bytes", outcome());
  }

  @Test
  void overTlsTheSecondLinesEndingIsTheEndOfTheUpdate() {
    protocol = SetterProtocol.endingAtSecondLine(16, recorder);
    assertNull(feed("mosh", "ez\r\nAt lu"));
    assertEquals("update moshez=At lunch", feed("nch\r\nand a third line that is never read\n"));
    protocol.end();
    assertEquals("update moshez=At lunch", outcome());
  }

  @Test
  void overTlsAnEndBeforeTheSecondLineEndingStillDecides() {
    protocol = SetterProtocol.endingAtSecondLine(16, recorder);
    assertEquals("update moshez=At lunch", feedAndEnd("moshez\nAt lunch"));
    outcomes.clear();
    protocol = SetterProtocol.endingAtSecondLine(16, recorder);
    assertEquals("refused expected two lines, the user name then the status; got 1", feedAndEnd("moshez\n"));
    outcomes.clear();
    protocol = SetterProtocol.endingAtSecondLine(16, recorder);
    assertEquals("refused line 2 is longer than 16 bytes", feed("moshez\n", "x".repeat(40)));
  }
}
