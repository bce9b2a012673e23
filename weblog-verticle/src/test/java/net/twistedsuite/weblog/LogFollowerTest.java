package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Following a real file through appends, partial lines, rotations and truncation, poll by poll. */
class LogFollowerTest {

  @TempDir
  Path dir;

  private LogFollower follower;

  @AfterEach
  void tearDown() {
    if (follower != null) {
      follower.close();
    }
  }

  private AccessLog log() {
    return new AccessLog(dir.resolve("access.log"));
  }

  private LogFollower follow(Duration rotatedGrace) {
    follower = new LogFollower(dir.resolve("access.log"), 100, 1 << 20, rotatedGrace);
    return follower;
  }

  /** An empty log, followed from its (empty) end: everything appended next is new. */
  private AccessLog followingEmptyLog(Duration rotatedGrace) {
    AccessLog log = log().append("");
    follow(rotatedGrace).poll();
    return log;
  }

  private static List<String> text(LogFollower.Poll poll) {
    List<String> out = new ArrayList<>();
    for (RawLine line : poll.lines()) {
      out.add(new String(line.bytes(), StandardCharsets.UTF_8) + (line.truncated() ? "[cut]" : ""));
    }
    return out;
  }

  @Test
  void startsAtTheEndOfAnExistingLogButWaitsForAnUnfinishedLastLine() {
    AccessLog log = log().append("old 1\nold 2\nbeing wri");
    follow(Duration.ZERO);
    assertEquals(List.of(), text(follower.poll()));
    log.append("tten\nnew\n");
    assertEquals(List.of("being written", "new"), text(follower.poll()));
  }

  @Test
  void holdsAPartialLineUntilItsNewlineArrives() {
    AccessLog log = followingEmptyLog(Duration.ZERO);
    log.append("a complete line\nhalf of");
    assertEquals(List.of("a complete line"), text(follower.poll()));
    assertEquals(List.of(), text(follower.poll()));
    log.append(" a line\r\n\n");
    assertEquals(List.of("half of a line"), text(follower.poll()), "CR LF ends a line; blank lines carry nothing");
  }

  @Test
  void aMissingLogIsWaitedForAndReadFromItsStart() {
    follow(Duration.ZERO);
    assertEquals(List.of(), text(follower.poll()));
    log().append("first\nsecond\n");
    assertEquals(List.of("first", "second"), text(follower.poll()));
  }

  @Test
  void renameRotationFinishesTheOldFileThenReadsTheNewOneFromItsStart() throws Exception {
    AccessLog log = followingEmptyLog(Duration.ofHours(1));
    log.append("1\n");
    assertEquals(List.of("1"), text(follower.poll()));

    AccessLog old = new AccessLog(Files.move(log.path(), dir.resolve("access.log.1")));
    old.append("2\n");
    assertEquals(List.of("2"), text(follower.poll()), "a renamed log is still followed");
    old.append("3\n");
    log.append("4\n");
    assertEquals(List.of("3", "4"), text(follower.poll()), "old file first, then the new one");
    old.append("5\nunfinished");
    log.append("6\n");
    assertEquals(List.of("5", "6"), text(follower.poll()), "the old file is read until the server reopens");
    assertEquals(List.of(), text(follower.poll()));
  }

  @Test
  void aRotatedFileQuietForTheGraceIsClosedAndItsUnfinishedLineDelivered() throws Exception {
    AccessLog log = followingEmptyLog(Duration.ZERO);
    log.append("1\nunfinished");
    assertEquals(List.of("1"), text(follower.poll()));
    Files.move(log.path(), dir.resolve("access.log.1"));
    log.append("2\n");
    assertEquals(List.of("unfinished", "2"), text(follower.poll()));
  }

  /** The new content may be shorter, or already longer than where reading stood. */
  @ParameterizedTest
  @ValueSource(strings = {"short", "three, longer than both"})
  void truncationInPlaceRestartsAtTheStart(String firstLineAfter) {
    AccessLog log = followingEmptyLog(Duration.ZERO);
    log.append("one\ntwo\n");
    assertEquals(List.of("one", "two"), text(follower.poll()));
    log.truncate().append(firstLineAfter + "\n");
    assertEquals(List.of(firstLineAfter), text(follower.poll()));
  }

  @Test
  void anOverlongLineIsCutAndItsRestSkipped() {
    AccessLog log = followingEmptyLog(Duration.ZERO);
    log.append("y".repeat(250) + "\nnext\n");
    assertEquals(List.of("y".repeat(100) + "[cut]", "next"), text(follower.poll()));
  }

  @Test
  void aReadStopsAtItsBudgetAndSaysMoreIsWaiting() {
    AccessLog log = log().append("");
    follower = new LogFollower(dir.resolve("access.log"), 100, 10, Duration.ZERO);
    follower.poll();
    log.append("0123456\n0123456\n0123456\n");
    LogFollower.Poll first = follower.poll();
    assertTrue(first.more());
    List<String> all = new ArrayList<>(text(first));
    LogFollower.Poll poll;
    do {
      poll = follower.poll();
      all.addAll(text(poll));
    } while (poll.more());
    assertEquals(List.of("0123456", "0123456", "0123456"), all);
    assertFalse(follower.poll().more());
  }
}
