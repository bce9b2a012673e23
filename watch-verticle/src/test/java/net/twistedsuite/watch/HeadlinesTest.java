package net.twistedsuite.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadlinesTest {

  private static String read(String html, String contentType, String selector) {
    return Headlines.read(html.getBytes(StandardCharsets.UTF_8), contentType, "http://example.com/", selector);
  }

  @Test
  void theFirstH3WithTextIsTheHeadlineWithItsWhitespaceAndEntitiesResolved() {
    assertEquals("Twisted 25.5 & friends released", read("<h1>Planet</h1><h3> </h3><h3>\n Twisted  25.5\n"
        + "&amp; <em>friends</em> released</h3><h3>Older</h3>", "text/html", "h3"));
  }

  @Test
  void brokenMarkupIsReadAsABrowserWouldReadIt() {
    assertEquals("Unclosed tags still read", read("<html><body><h3>Unclosed <b>tags <i>still read</h3 x<p><<>",
        null, "h3"));
  }

  @Test
  void anyCssSelectorNamesTheHeadline() {
    assertEquals("Second", read("<article class=post><h2>First</h2></article><div id=news><h2>Second</h2></div>",
        "text/html", "#news h2"));
  }

  @Test
  void theDeclaredCharsetIsUsedAndAMetaCharsetToo() {
    byte[] latin1 = "<h3>Caf\u00e9</h3>".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("Caf\u00e9", Headlines.read(latin1, "text/html; charset=ISO-8859-1", "http://x/", "h3"));
    byte[] meta = "<meta charset=\"iso-8859-1\"><h3>cr\u00e8me</h3>".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("cr\u00e8me", Headlines.read(meta, "text/html", "http://x/", "h3"));
    assertEquals("ok", read("<h3>ok</h3>", "text/html; charset=no-such-charset", "h3"));
  }

  @Test
  void aPageWithoutTheElementOrThatIsNotHtmlIsAProblemNamedInOneLine() {
    assertEquals("no element matching 'h3' with text on the page",
        assertThrows(PageProblem.class, () -> read("<h1>Only h1</h1><h3>  </h3>", "text/html", "h3")).getMessage());
    assertEquals("not an HTML page (Content-Type: image/png)",
        assertThrows(PageProblem.class, () -> read("\u0089PNG", "image/png", "h3")).getMessage());
  }

  @Test
  void controlCharactersAreDroppedAndLongHeadlinesCut() {
    assertEquals("a b c", Headlines.clean("a\u0000\u001b\r\nb\tc\u2028", 100));
    String cut = Headlines.clean("x".repeat(5000), Headlines.MAX_LENGTH);
    assertEquals(Headlines.MAX_LENGTH, cut.length());
    assertEquals('…', cut.charAt(cut.length() - 1));
    assertEquals("exact", Headlines.clean("exact", 5));
  }
}
