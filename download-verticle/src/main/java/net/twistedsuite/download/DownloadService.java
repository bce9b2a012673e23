package net.twistedsuite.download;

import io.vertx.core.Future;

/**
 * Where downloads come from, without sockets: a name becomes a {@link LineStream}, or a
 * {@link DownloadException} whose message is one line for the client.
 */
public interface DownloadService {

  /** Opens the file {@code name} names for counting its lines. */
  Future<LineStream> open(String name);

  /** The lines of one open file, counted a part at a time, so that no file is held in memory. */
  interface LineStream {

    /**
     * The number of lines in the next part of the file (0 is possible: a part within a long
     * line), or -1 once the file is exhausted. A last line without a line end counts as a line.
     */
    Future<Integer> nextLines();

    /** Releases the file. */
    Future<Void> close();
  }
}
