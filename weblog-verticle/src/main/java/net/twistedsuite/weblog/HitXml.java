package net.twistedsuite.weblog;

import io.vertx.core.buffer.Buffer;
import java.time.format.DateTimeFormatter;

/**
 * The wire format: one XML element per line of the log, each on its own line, inside a
 * {@code <hits>} root that stays open for as long as the client is connected.
 *
 * <pre>
 * &lt;hit client="203.0.113.9" user="frank" time="2000-10-10T13:55:36-07:00" method="GET"
 *      resource="/apache_pb.gif" protocol="HTTP/1.0" status="200" bytes="2326"
 *      referrer="http://www.example.com/start.html" agent="Mozilla/4.08"/&gt;
 * &lt;unparsed&gt;text of a line that is not in the combined format&lt;/unparsed&gt;
 * &lt;none/&gt;
 * </pre>
 *
 * Whatever the log holds, the stream stays well-formed XML 1.0: markup characters are escaped,
 * tab, newline and carriage return become character references (so an element never spans two
 * lines), C1 control characters become character references (legal in XML, harmless in a
 * terminal), and characters XML cannot carry at all become U+FFFD.
 */
final class HitXml {

  static final Buffer OPEN = Buffer.buffer("<hits>\n");
  static final Buffer CLOSE = Buffer.buffer("</hits>\n");
  static final Buffer NONE = Buffer.buffer("<none/>\n");

  private HitXml() {
  }

  static Buffer element(LogLine line) {
    StringBuilder out = new StringBuilder(320);
    if (line instanceof Hit hit) {
      out.append("<hit");
      attribute(out, "client", hit.client());
      attribute(out, "ident", hit.ident());
      attribute(out, "user", hit.user());
      attribute(out, "time", hit.time().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      if (hit.method() != null) {
        attribute(out, "method", hit.method());
        attribute(out, "resource", hit.resource());
        attribute(out, "protocol", hit.protocol());
      } else {
        attribute(out, "request", hit.request());
      }
      attribute(out, "status", Integer.toString(hit.status()));
      attribute(out, "bytes", hit.bytes() == null ? null : hit.bytes().toString());
      attribute(out, "referrer", hit.referrer());
      attribute(out, "agent", hit.agent());
      attribute(out, "extra", hit.extra());
      out.append("/>\n");
    } else if (line instanceof Unparsed unparsed) {
      out.append(unparsed.truncated() ? "<unparsed truncated=\"true\">" : "<unparsed>");
      escape(unparsed.text(), out);
      out.append("</unparsed>\n");
    }
    return Buffer.buffer(out.toString());
  }

  /** The whole answer to a client that cannot be served, as a complete document. */
  static Buffer refusal(String reason) {
    StringBuilder out = new StringBuilder("<hits>\n<error>");
    escape(reason, out);
    return Buffer.buffer(out.append("</error>\n</hits>\n").toString());
  }

  private static void attribute(StringBuilder out, String name, String value) {
    if (value != null) {
      out.append(' ').append(name).append("=\"");
      escape(value, out);
      out.append('"');
    }
  }

  /** Escapes for both text and attribute values, so one rule serves both. */
  static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\t', '\n', '\r' -> out.append("&#").append(c).append(';');
        default -> {
          if (!allowedInXml(c)) {
            out.append('\uFFFD');
          } else if (c >= 0x7f && c <= 0x9f) {
            out.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
  }

  /** The Char production of XML 1.0. */
  private static boolean allowedInXml(int c) {
    return c == 0x9 || c == 0xA || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
