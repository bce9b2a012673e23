package net.twistedsuite.finger;

import io.vertx.core.buffer.Buffer;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The output rules of RFC 1288 section 3.3: only printable ASCII and TAB go on the wire, and
 * every line ends in CRLF. TAB is kept because the RFC allows it and finger servers such as
 * netkit fingerd line their columns up with it. Whatever a status holds (control bytes, escape sequences, non-ASCII text)
 * cannot reach a client's terminal as anything but a '?'.
 */
final class WireText {

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");

  private WireText() {
  }

  /**
   * Each of CRLF, CR and LF becomes CRLF, a tab stays a tab, accented letters lose their
   * accents ("Caf\u00e9" is sent as "Cafe"), and every other character that is not printable ASCII
   * becomes '?' (one per code point). The last line is always terminated; empty text stays empty.
   */
  static Buffer toWire(String answer) {
    String text = asciiLetters(answer);
    StringBuilder out = new StringBuilder(text.length() + 16);
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\r') {
        if (i < text.length() && text.charAt(i) == '\n') {
          i++;
        }
        out.append("\r\n");
      } else if (c == '\n') {
        out.append("\r\n");
      } else if (c == '\t' || (c >= 0x20 && c <= 0x7e)) {
        out.append((char) c);
      } else {
        out.append('?');
      }
    }
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append("\r\n");
    }
    return Buffer.buffer(out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** Letters with diacritics as their base letter, where Unicode decomposes them so. */
  private static String asciiLetters(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7e) {
        return COMBINING_MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
      }
    }
    return text;
  }

  /** A client's raw line, quoted and shortened, safe to put in a one-line log. */
  static String forLog(String raw) {
    int max = 80;
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < raw.length() && i < max; i++) {
      char c = raw.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c <= 0x7e) {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c & 0xff));
      }
    }
    return out.append(raw.length() > max ? "\"..." : "\"").toString();
  }
}
