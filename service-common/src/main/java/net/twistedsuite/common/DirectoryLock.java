package net.twistedsuite.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second service off a data directory while one uses it: an exclusive lock on a file in
 * the directory, held until {@link #close()} or the process ends (even by {@code kill -9}, since
 * the operating system drops the lock with the process). Blocking: use it from a worker thread.
 */
public final class DirectoryLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir}, which must exist, through its file {@code lockFileName} (created if
   * missing). Fails at once, without waiting, when the directory is in use.
   *
   * @throws IllegalStateException with {@code inUseMessage} when another process, or another
   *     lock of this one, holds the directory
   * @throws IOException when the lock file cannot be opened or locked
   */
  public static DirectoryLock acquire(Path dir, String lockFileName, String inUseMessage)
      throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(lockFileName), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // The JVM holds file locks per process: a second store in this process lands here.
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(inUseMessage);
    }
    return new DirectoryLock(channel, lock);
  }

  /**
   * Creates the data directory {@code dir} if needed and locks it for one instance of
   * {@code service}, as {@link #acquire} does.
   *
   * @throws IllegalStateException naming the directory and the lock when another instance holds it
   * @throws IOException naming the directory when it cannot be created or locked
   */
  public static DirectoryLock claimDataDirectory(Path dir, String lockFileName, String service)
      throws IOException {
    try {
      Files.createDirectories(dir);
      return acquire(dir, lockFileName, "data directory " + dir + " is in use by another " + service
          + " service (lock " + lockFileName + " is held)");
    } catch (IOException e) {
      throw new IOException("cannot use data directory " + dir + ": " + e.getClass().getSimpleName() + " "
          + e.getMessage(), e);
    }
  }

  /** Releases the directory. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
