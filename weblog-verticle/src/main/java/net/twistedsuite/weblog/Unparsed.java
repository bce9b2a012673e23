package net.twistedsuite.weblog;

/**
 * A log line that is not in the combined format, kept as text. {@code truncated} when the line was
 * longer than maxLineLength and this is only its beginning.
 */
record Unparsed(String text, boolean truncated) implements LogLine {

  /** The start of the text, safe for a one-line log message: control characters become '?'. */
  String preview(int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : c);
    }
    return text.length() > max ? out.append("...").toString() : out.toString();
  }
}
