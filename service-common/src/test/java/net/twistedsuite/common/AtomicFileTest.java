package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replaced file holds the old content or the new, whole, whenever the process stops. */
class AtomicFileTest {

  @TempDir
  Path dir;

  private final List<String> events = new ArrayList<>();

  private String onDisk(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void writesTempForcesRenamesThenForcesTheDirectory() throws IOException {
    Path target = dir.resolve("state");
    Files.writeString(target, "old");
    AtomicFile file = new AtomicFile(target, step -> events.add(step + ": " + onDisk(target)));
    file.write("new".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("write temp: old", "force temp: old", "rename: new", "force directory: new"),
        events);
    assertEquals("new", onDisk(target));
    assertFalse(Files.exists(dir.resolve("state" + AtomicFile.TEMP_SUFFIX)));
  }

  @Test
  void aFailedStepLeavesTheOldContent() throws IOException {
    Path target = dir.resolve("state");
    Files.writeString(target, "old");
    AtomicFile file = new AtomicFile(target, step -> {
      if (step.equals("force temp")) {
        throw new UncheckedIOException(new IOException("No space left on device"));
      }
    });
    assertThrows(UncheckedIOException.class, () -> file.write("new".getBytes(StandardCharsets.UTF_8)));
    assertEquals("old", onDisk(target));
  }

  @Test
  void readingRemovesACrashsLeftoverTempFile() throws IOException {
    AtomicFile file = new AtomicFile(dir.resolve("state"));
    assertNull(file.read());
    file.write(new byte[] {1, 2, 3});
    Files.writeString(dir.resolve("state" + AtomicFile.TEMP_SUFFIX), "half writ");
    assertArrayEquals(new byte[] {1, 2, 3}, file.read());
    assertFalse(Files.exists(dir.resolve("state" + AtomicFile.TEMP_SUFFIX)));
  }

  @Test
  void aRelativePathIsMadeAbsoluteSoThatItsDirectoryCanBeForced() {
    assertEquals(Path.of("state").toAbsolutePath(), new AtomicFile(Path.of("state")).path());
  }
}
