package net.twistedsuite.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchStateTest {

  private static final String A = "http://a.example/";
  private static final String B = "http://b.example/";
  private final Instant now = Instant.parse("2026-12-01T01:00:00Z");

  @Test
  void headlinesAndOutboxSurviveEncoding() {
    WatchState state = new WatchState();
    state.record(A, "first \"quoted\" ünïcode", now);
    state.record(B, "b1", now);
    state.changed(B, "b2", now.plusSeconds(60), null);
    WatchState back = WatchState.decode(state.encode());
    assertEquals(state.headline(A), back.headline(A));
    assertEquals("b2", back.headline(B).text());
    assertEquals(state.nextMail(), back.nextMail());
    assertEquals(List.of("b2"), back.nextMail().after());
    assertEquals("b1", back.nextMail().before());
  }

  @Test
  void aPageThatChangesAgainBeforeItsMailWentOutAddsToTheWaitingMail() {
    WatchState state = new WatchState();
    state.record(A, "one", now);
    WatchState.Change first = state.changed(A, "two", now, null);
    WatchState.Change merged = state.changed(A, "three", now, null);
    assertEquals(first.id(), merged.id());
    assertEquals(List.of("two", "three"), merged.after());
    assertEquals(1, state.queued());
    // Being sent: a further change gets a mail of its own.
    WatchState.Change next = state.changed(A, "four", now, merged.id());
    assertNotEquals(merged.id(), next.id());
    assertEquals("three", next.before());
    assertEquals(2, state.queued());
    assertTrue(state.mailed(merged.id()));
    assertEquals(next, state.nextMail());
  }

  @Test
  void aWaitingMailKeepsTheLatestHeadlinesOnly() {
    WatchState state = new WatchState();
    state.record(A, "h0", now);
    WatchState.Change change = null;
    for (int i = 1; i <= 50; i++) {
      change = state.changed(A, "h" + i, now, null);
    }
    assertEquals(WatchState.MAX_HEADLINES_PER_MAIL, change.after().size());
    assertEquals("h50", change.latest());
    assertEquals("h0", change.before());
  }

  @Test
  void pagesNoLongerWatchedAreForgottenButTheirMailsStillGoOut() {
    WatchState state = new WatchState();
    state.record(A, "a", now);
    state.record(B, "b", now);
    state.changed(B, "b2", now, null);
    state.retainPages(List.of(A));
    assertNull(state.headline(B));
    assertEquals(B, state.nextMail().url());
  }

  @Test
  void aDamagedFileIsRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class, () -> WatchState.decode("{\"format\"".getBytes(StandardCharsets.UTF_8)));
    assertEquals("not a watch state file (format is not \"watch-state 1\")", assertThrows(IllegalArgumentException.class,
        () -> WatchState.decode("{\"format\": \"fib-state 1\"}".getBytes(StandardCharsets.UTF_8))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WatchState.decode(
        "{\"format\": \"watch-state 1\", \"headlines\": {\"x\": {\"text\": \"t\"}}}".getBytes(StandardCharsets.UTF_8)));
  }
}
