package net.twistedsuite.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.twistedsuite.common.ReadProblems;
import net.twistedsuite.common.RegularFile;
import net.twistedsuite.notify.client.NotifyWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the classifieds file: each {@link #poll} returns the ads of the lines completed since
 * the previous one. Blocking: call it from one worker thread at a time.
 *
 * <p>Old ads are never announced again, whatever happens to the file. The follower remembers the
 * file's identity (inode), how much of it was read and a digest of those bytes. When the path
 * shows another file (rotation, or an editor saving by rename) or a shorter one (truncation),
 * the new file is compared with what was read: if it begins with exactly those bytes, it is the
 * same content rewritten and only what follows is new; otherwise it is a new file and all of it
 * is new. A missing file is waited for; problems are logged once, not on every poll.
 */
final class ClassifiedsFile {

  private static final Logger LOG = LoggerFactory.getLogger(ClassifiedsFile.class);
  /** Most bytes read by one poll; the rest is read by the next one. */
  private static final int MAX_READ_PER_POLL = 1 << 20;

  private final Path path;
  private Object fileKey;
  private long offset;
  private MessageDigest digest = newDigest();
  /** The line being written: bytes after the last newline read. */
  private byte[] partial = new byte[0];
  private boolean skipping;
  private final ReadProblems problems;
  private boolean waiting;

  ClassifiedsFile(Path path) {
    this.path = path.toAbsolutePath();
    this.problems = new ReadProblems(LOG, this.path);
  }

  Path path() {
    return path;
  }

  /**
   * Takes the file as it is at start-up without announcing anything: its ads are old. Returns
   * the newest of them, or null.
   */
  String start() {
    List<String> existing = poll();
    String newest = existing.isEmpty() ? null : existing.get(existing.size() - 1);
    if (fileKey != null) {
      LOG.info("following {} from its end ({} bytes, {} ads)", path, offset, existing.size());
    }
    return newest;
  }

  /** The ads completed since the last call, oldest first. */
  List<String> poll() {
    List<String> ads = new ArrayList<>();
    try {
      BasicFileAttributes seen = RegularFile.stat(path);
      if (seen == null) {
        if (!waiting) {
          LOG.info("waiting for {} to appear", path);
          waiting = true;
        }
        problems.recovered();
        return ads;
      }
      waiting = false;
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        long size = channel.size();
        if (fileKey != null && (!Objects.equals(seen.fileKey(), fileKey) || size < offset)) {
          startOver(channel, size, !Objects.equals(seen.fileKey(), fileKey));
        }
        fileKey = seen.fileKey();
        read(channel, size, ads);
      }
      problems.recovered();
    } catch (IOException e) {
      problems.report(e);
    }
    return ads;
  }

  /** The file changed under us: decide where the new ads begin. */
  private void startOver(FileChannel channel, long size, boolean replaced) throws IOException {
    if (size >= offset && Arrays.equals(digestOf(channel, offset), copy(digest).digest())) {
      LOG.info("{} was {} with the same {} bytes at its start: only what follows is new", path,
          replaced ? "replaced" : "rewritten", offset);
      return;
    }
    LOG.info("{} was {}: every line of it is a new ad", path, replaced ? "replaced (rotated)" : "truncated");
    offset = 0;
    digest = newDigest();
    partial = new byte[0];
    skipping = false;
  }

  private void read(FileChannel channel, long size, List<String> ads) throws IOException {
    long end = Math.min(size, offset + MAX_READ_PER_POLL);
    if (end <= offset) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) (end - offset));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        break;
      }
    }
    byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
    offset += bytes.length;
    digest.update(bytes);
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line(concat(partial, bytes, start, i), ads);
        partial = new byte[0];
        start = i + 1;
      }
    }
    if (!skipping) {
      partial = concat(partial, bytes, start, bytes.length);
      if (partial.length > NotifyEvent.MAX_AD_BYTES + 1) {
        LOG.warn("{}: refused a line longer than {} bytes", path, NotifyEvent.MAX_AD_BYTES);
        partial = new byte[0];
        skipping = true;
      }
    }
  }

  private void line(byte[] bytes, List<String> ads) {
    if (skipping) {
      skipping = false;
      return;
    }
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    String ad = new String(bytes, 0, length, StandardCharsets.UTF_8).strip();
    if (ad.isEmpty()) {
      return;
    }
    String problem = NotifyEvent.problem(NotifyWire.Kind.CLASSIFIED, ad);
    if (problem != null) {
      LOG.warn("{}: refused ad '{}': {}", path, ad.length() > 60 ? ad.substring(0, 57) + "..." : ad, problem);
      return;
    }
    ads.add(ad);
  }

  private static byte[] concat(byte[] head, byte[] bytes, int from, int to) {
    byte[] out = Arrays.copyOf(head, head.length + to - from);
    System.arraycopy(bytes, from, out, head.length, to - from);
    return out;
  }

  private static byte[] digestOf(FileChannel channel, long length) throws IOException {
    MessageDigest d = newDigest();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    long at = 0;
    while (at < length) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
      int n = channel.read(buffer, at);
      if (n < 0) {
        break;
      }
      d.update(buffer.array(), 0, n);
      at += n;
    }
    return d.digest();
  }

  private static MessageDigest copy(MessageDigest d) {
    try {
      return (MessageDigest) d.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


}
