package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

  @TempDir
  Path dir;

  @Test
  void aSecondLockIsRefusedWithTheGivenMessageUntilTheFirstIsClosed() throws IOException {
    DirectoryLock first = DirectoryLock.acquire(dir, "lock", "in use");
    assertTrue(Files.exists(dir.resolve("lock")));
    assertEquals("in use", assertThrows(IllegalStateException.class,
        () -> DirectoryLock.acquire(dir, "lock", "in use")).getMessage());
    first.close();
    DirectoryLock.acquire(dir, "lock", "in use").close();
  }

  @Test
  void aMissingDirectoryIsAnIoError() {
    assertThrows(IOException.class, () -> DirectoryLock.acquire(dir.resolve("missing"), "lock", "in use"));
  }
}
