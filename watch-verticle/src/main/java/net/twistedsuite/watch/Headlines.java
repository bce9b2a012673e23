package net.twistedsuite.watch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads a page's headline with jsoup: the text of the first element matching the selector that
 * has any text. Parsing is CPU work proportional to the page: call it from a worker thread.
 */
final class Headlines {

  /** Longest headline kept; a longer one is cut, so that logs, mails and the state file stay small. */
  static final int MAX_LENGTH = 1000;

  private Headlines() {
  }

  static String read(byte[] html, String contentType, String url, String selector) {
    if (contentType != null && !looksLikeHtml(contentType)) {
      throw new PageProblem("not an HTML page (Content-Type: " + clean(contentType, 100) + ")");
    }
    Document page;
    try {
      page = Jsoup.parse(new ByteArrayInputStream(html), charset(contentType), url);
    } catch (IOException e) {
      throw new PageProblem("cannot parse the page: " + e.getMessage());
    }
    for (Element element : page.select(selector)) {
      String text = clean(element.text(), MAX_LENGTH);
      if (!text.isEmpty()) {
        return text;
      }
    }
    throw new PageProblem("no element matching '" + selector + "' with text on the page");
  }

  private static boolean looksLikeHtml(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/") || type.contains("html") || type.contains("xml");
  }

  /** The charset the server declared, if Java knows it; otherwise jsoup looks at the page itself. */
  private static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (at < 0) {
      return null;
    }
    String name = contentType.substring(at + 8).split(";", 2)[0].trim().replace("\"", "").replace("'", "");
    try {
      return Charset.isSupported(name) ? name : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Control characters out (a headline goes into one log line and a mail subject), length capped. */
  static String clean(String text, int maxLength) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength));
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
        continue;
      }
      if (out.length() + (space ? 2 : 1) > maxLength) {
        out.setLength(Math.min(out.length(), maxLength - 1));
        out.append('…');
        break;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c);
    }
    return out.toString();
  }
}
