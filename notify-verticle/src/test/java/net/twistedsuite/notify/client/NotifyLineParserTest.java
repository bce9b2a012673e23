package net.twistedsuite.notify.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser fed raw bytes, split anywhere, as the network may deliver them. */
class NotifyLineParserTest {

  private final List<String> events = new ArrayList<>();
  private final NotifyLineParser parser = new NotifyLineParser(32, new NotifyLineParser.Listener() {
    @Override
    public void answer(String line) {
      events.add("answer " + line);
    }

    @Override
    public void notification(NotifyWire.Kind kind, String line) {
      events.add("notification " + kind + " (" + line + ")");
    }

    @Override
    public void tooLong(int maxLineLength) {
      events.add("too long " + maxLineLength);
    }
  });

  private void feed(String... parts) {
    for (String part : parts) {
      parser.handle(Buffer.buffer(part));
    }
  }

  @Test
  void answersAndNotificationsAreToldApartWithCrlfOrLf() {
    feed("46774\r\nnotif: random\r\nnice flat in the 11e\nnotif: classified\n");
    assertEquals(List.of("answer 46774", "notification RANDOM (notif: random)", "answer nice flat in the 11e",
        "notification CLASSIFIED (notif: classified)"), events);
  }

  @Test
  void aLineSplitAnywhereIsPutBackTogether() {
    feed("467", "74\r", "\nno", "tif: ran", "dom\r", "\n");
    assertEquals(List.of("answer 46774", "notification RANDOM (notif: random)"), events);
  }

  @Test
  void nothingIsDeliveredBeforeTheLineEnds() {
    feed("notif: random");
    assertEquals(List.of(), events);
    feed("\n");
    assertEquals(1, events.size());
  }

  @Test
  void errorsAndEmptyLinesAreAnswersAndAnUnknownNotificationHasNoKind() {
    feed("error: unknown request 'x'\r\n\r\nnotif: weather\r\n");
    assertEquals(List.of("answer error: unknown request 'x'", "answer ", "notification null (notif: weather)"),
        events);
  }

  @Test
  void anAnswerMentioningNotifElsewhereIsStillAnAnswer() {
    feed("notif:random without the space\r\n a notif: inside\r\n");
    assertEquals(List.of("answer notif:random without the space", "answer  a notif: inside"), events);
  }

  @Test
  void aLineOverTheLimitStopsTheParserOnceEvenSplitOrWithoutItsEnd() {
    feed("x".repeat(20), "x".repeat(20));
    feed("more\r\n46774\r\n");
    assertEquals(List.of("too long 32"), events);
  }

  @Test
  void aLineOfExactlyTheLimitWithCrlfIsAccepted() {
    feed("y".repeat(32) + "\r", "\n");
    assertEquals(List.of("answer " + "y".repeat(32)), events);
  }

  @Test
  void utf8IsDecodedEvenWhenACharacterIsSplit() {
    byte[] bytes = "appartement à Paris\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int split = "appartement ".length() + 1; // inside the two bytes of 'à'
    parser.handle(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, split)));
    parser.handle(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, split, bytes.length)));
    assertEquals(List.of("answer appartement à Paris"), events);
  }
}
