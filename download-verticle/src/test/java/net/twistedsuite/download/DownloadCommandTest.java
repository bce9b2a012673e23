package net.twistedsuite.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.twistedsuite.download.DownloadCommand.Kind;
import org.junit.jupiter.api.Test;

class DownloadCommandTest {

  @Test
  void theRestOfTheLineIsTheNameSpacesIncluded() {
    assertEquals(new DownloadCommand(Kind.DOWNLOAD, "my notes.txt"), DownloadCommand.parse("  download   my notes.txt  "));
    assertEquals(new DownloadCommand(Kind.DOWNLOAD, "a"), DownloadCommand.parse("DOWNLOAD\ta"));
  }

  @Test
  void quitHelpAndEmptyLines() {
    assertEquals(Kind.QUIT, DownloadCommand.parse("quit").kind());
    assertEquals(Kind.QUIT, DownloadCommand.parse("Quit ").kind());
    assertEquals(Kind.HELP, DownloadCommand.parse("help").kind());
    assertEquals(Kind.EMPTY, DownloadCommand.parse(" \t ").kind());
  }

  @Test
  void mistakesAreExplainedInOneLine() {
    assertEquals(new DownloadCommand(Kind.INVALID, "usage: download <name>"), DownloadCommand.parse("download"));
    assertEquals(new DownloadCommand(Kind.INVALID, "usage: quit"), DownloadCommand.parse("quit now"));
    assertEquals(new DownloadCommand(Kind.INVALID,
        "unknown command \"get\" (commands: download <name>, help, quit)"), DownloadCommand.parse("get x"));
    assertEquals(Kind.INVALID, DownloadCommand.parse("download a\u001b[2Jb").kind(), "no terminal escapes");
    String longWord = "x".repeat(100);
    assertEquals("unknown command \"" + "x".repeat(40) + "...\" (commands: download <name>, help, quit)",
        DownloadCommand.parse(longWord).argument());
  }
}
