package net.twistedsuite.setter;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.twistedsuite.common.LineEnds;
import net.twistedsuite.status.StatusSet;

/**
 * The setter's wire format, and nothing else: the client sends exactly two lines, the user name
 * and the new status (UTF-8, each ended by CRLF or a bare LF, the last one may lack it), then
 * finishes sending. Feed it the bytes as they arrive with {@link #handle} and call {@link #end}
 * when the client has finished; it reports exactly one outcome to its {@link Listener}: an update
 * (only from {@code end()}, or over TLS at the second line's ending) or a refusal (as soon as the input is known to be wrong). After the
 * outcome it ignores its input, so it never holds more than one line of a misbehaving client.
 *
 * <p>Over TLS the update ends at the second line's line ending instead ({@link #endingAtSecondLine}):
 * a TLS client cannot half-close. TLS 1.2's close alert closes both directions, and Vert.x's
 * client, like most TLS libraries, has no call for half a close, so a client that waited for the
 * end of its input to be seen would never read its answer. A third line is then never read.
 */
public final class SetterProtocol {

  /** Receives the single outcome of one connection. */
  public interface Listener {

    /** The client sent a valid update and finished sending. */
    void onUpdate(StatusSet update);

    /** The input is not a valid update; {@code reason} is one line for the client. */
    void onRefusal(String reason);
  }

  private static final Buffer NEWLINE = Buffer.buffer("\n");

  private final int maxLineLength;
  private final Listener listener;
  private final RecordParser parser;
  private final boolean endsAtSecondLine;
  private final List<String> lines = new ArrayList<>(2);
  /** Bytes of the line in progress, i.e. received after the last line ending. */
  private long unterminated;
  private boolean decided;

  /** The plain protocol: the update ends when the client finishes sending ({@link #end}). */
  public SetterProtocol(int maxLineLength, Listener listener) {
    this(maxLineLength, listener, false);
  }

  private SetterProtocol(int maxLineLength, Listener listener, boolean endsAtSecondLine) {
    this.maxLineLength = maxLineLength;
    this.listener = listener;
    this.endsAtSecondLine = endsAtSecondLine;
    // One more byte than the limit, for the CR of a CRLF ending.
    this.parser = RecordParser.newDelimited(NEWLINE).maxRecordSize(maxLineLength + 1);
    parser.handler(this::line);
    parser.exceptionHandler(tooLong -> refuse(tooLong(lines.size() + 1)));
  }

  /** The protocol over TLS: the update ends with the second line's line ending, or at {@link #end}. */
  public static SetterProtocol endingAtSecondLine(int maxLineLength, Listener listener) {
    return new SetterProtocol(maxLineLength, listener, true);
  }

  /** Takes the next bytes the client sent. */
  public void handle(Buffer data) {
    if (decided) {
      return;
    }
    unterminated += data.length();
    parser.handle(data);
    if (!decided && lines.size() == 2 && unterminated > 0) {
      refuse(tooManyLines());
    }
  }

  /** The client has finished sending: decides, if nothing was decided yet. */
  public void end() {
    if (decided) {
      return;
    }
    if (unterminated > 0) {
      parser.handle(NEWLINE);
    }
    decide();
  }

  private void decide() {
    if (decided) {
      return;
    }
    if (lines.size() < 2) {
      refuse("expected two lines, the user name then the status; got " + lines.size());
      return;
    }
    StatusSet update;
    try {
      update = new StatusSet(lines.get(0), lines.get(1));
    } catch (IllegalArgumentException e) {
      refuse(e.getMessage());
      return;
    }
    decided = true;
    listener.onUpdate(update);
  }

  private void line(Buffer record) {
    if (decided) {
      return;
    }
    unterminated -= record.length() + 1;
    int length = LineEnds.contentLength(record);
    if (lines.size() == 2) {
      refuse(tooManyLines());
    } else if (length > maxLineLength) {
      refuse(tooLong(lines.size() + 1));
    } else {
      try {
        lines.add(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(record.getBytes(0, length)))
            .toString());
      } catch (CharacterCodingException e) {
        refuse("line " + (lines.size() + 1) + " is not valid UTF-8");
        return;
      }
      if (endsAtSecondLine && lines.size() == 2) {
        decide();
      }
    }
  }

  private void refuse(String reason) {
    if (!decided) {
      decided = true;
      listener.onRefusal(reason);
    }
  }

  private String tooLong(int line) {
    return "line " + line + " is longer than " + maxLineLength + " bytes";
  }

  private static String tooManyLines() {
    return "more than two lines: send the user name, then the status, then close";
  }
}
