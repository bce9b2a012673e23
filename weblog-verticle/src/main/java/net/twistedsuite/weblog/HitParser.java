package net.twistedsuite.weblog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads access log lines in the combined format that Apache httpd and nginx write by default:
 *
 * <pre>
 * client ident user [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "referrer" "agent"
 * </pre>
 *
 * The common format (without referrer and agent) is accepted too, and fields a customised format
 * adds after the agent are kept as {@code extra}. Inside quotes it undoes the escapes both servers
 * write: Apache's {@code \"}, {@code \\}, {@code \n} and {@code \xhh}, nginx's {@code \xHH}, and
 * JSON's {@code \}{@code uXXXX}, except those standing for control characters; the bytes are then
 * read as UTF-8, a malformed sequence becoming U+FFFD. A line that does not fit the format is
 * returned as {@link Unparsed} text, never dropped.
 */
final class HitParser {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  LogLine parse(RawLine line) {
    if (!line.truncated()) {
      Hit hit = new Scan(line.bytes()).hit();
      if (hit != null) {
        return hit;
      }
    }
    return new Unparsed(new String(line.bytes(), StandardCharsets.UTF_8), line.truncated());
  }

  /** A cursor over one line; every method returns null (or false) where the line does not fit. */
  private static final class Scan {
    private final byte[] b;
    private int pos;

    Scan(byte[] bytes) {
      this.b = bytes;
    }

    Hit hit() {
      String client = token();
      String ident = space() ? token() : null;
      String user = space() ? token() : null;
      String time = space() ? bracketed() : null;
      String request = space() ? quoted() : null;
      String status = space() ? token() : null;
      String bytes = space() ? token() : null;
      if (client == null || ident == null || user == null || request == null || bytes == null
          || !isNumber(status, 3, 3) || !(bytes.equals("-") || isNumber(bytes, 1, 18))) {
        return null;
      }
      OffsetDateTime at = time(time);
      if (at == null) {
        return null;
      }
      String referrer = null;
      String agent = null;
      if (pos + 1 < b.length && b[pos] == ' ' && b[pos + 1] == '"') {
        pos++;
        referrer = quoted();
        agent = space() ? quoted() : null;
        if (agent == null) {
          return null;
        }
      }
      String extra = null;
      if (pos < b.length) {
        if (!space()) {
          return null;
        }
        extra = utf8(pos, b.length).strip();
      }
      String[] parts = requestParts(request);
      return new Hit(client, absent(ident), absent(user), at, request, parts[0], parts[1], parts[2],
          Integer.parseInt(status), bytes.equals("-") ? null : Long.valueOf(bytes),
          absent(referrer), absent(agent), extra == null || extra.isEmpty() ? null : extra);
    }

    private boolean space() {
      if (pos < b.length && b[pos] == ' ') {
        pos++;
        return true;
      }
      return false;
    }

    private String token() {
      int start = pos;
      while (pos < b.length && b[pos] != ' ') {
        pos++;
      }
      return pos > start ? utf8(start, pos) : null;
    }

    private String bracketed() {
      if (pos >= b.length || b[pos] != '[') {
        return null;
      }
      int start = ++pos;
      while (pos < b.length && b[pos] != ']') {
        pos++;
      }
      if (pos == b.length) {
        return null;
      }
      return utf8(start, pos++);
    }

    private String quoted() {
      if (pos >= b.length || b[pos] != '"') {
        return null;
      }
      pos++;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (pos < b.length) {
        byte c = b[pos++];
        if (c == '"') {
          return out.toString(StandardCharsets.UTF_8);
        }
        if (c != '\\' || pos == b.length) {
          out.write(c);
        } else {
          unescape(out);
        }
      }
      return null; // no closing quote
    }

    /**
     * Reads the escape after a backslash. One it does not know, or one that stands for a control
     * character XML cannot carry (a TLS handshake sent to the HTTP port logs as {@code \x16\x03}),
     * is kept as written: that says more than a replacement character would.
     */
    private void unescape(ByteArrayOutputStream out) {
      byte c = b[pos];
      int simple = switch (c) {
        case '"', '\\' -> c;
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        default -> -1;
      };
      int x = c == 'x' ? hex(pos + 1, 2) : -1;
      int u = c == 'u' ? hex(pos + 1, 4) : -1;
      if (simple >= 0) {
        out.write(simple);
        pos++;
      } else if (x >= 0x20 || x == '\t' || x == '\n' || x == '\r') {
        out.write(x);
        pos += 3;
      } else if (u >= 0x20 || u == '\t' || u == '\n' || u == '\r') {
        out.writeBytes(new String(Character.toChars(u)).getBytes(StandardCharsets.UTF_8));
        pos += 5;
      } else {
        out.write('\\');
      }
    }

    private int hex(int from, int digits) {
      if (from + digits > b.length) {
        return -1;
      }
      int value = 0;
      for (int i = from; i < from + digits; i++) {
        int d = Character.digit(b[i], 16);
        if (d < 0) {
          return -1;
        }
        value = value * 16 + d;
      }
      return value;
    }

    private String utf8(int from, int to) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
  }

  private static boolean isNumber(String s, int minDigits, int maxDigits) {
    if (s == null || s.length() < minDigits || s.length() > maxDigits) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static OffsetDateTime time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, TIME);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String absent(String field) {
    return field == null || field.equals("-") ? null : field;
  }

  /** METHOD SP resource SP PROTOCOL; the resource may hold spaces when a client sent them raw. */
  private static String[] requestParts(String request) {
    int first = request.indexOf(' ');
    int last = request.lastIndexOf(' ');
    if (first <= 0 || last <= first + 1 || last == request.length() - 1) {
      return new String[3];
    }
    return new String[] {request.substring(0, first), request.substring(first + 1, last),
        request.substring(last + 1)};
  }
}
