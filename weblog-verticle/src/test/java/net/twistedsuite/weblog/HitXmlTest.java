package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

class HitXmlTest {

  private static final String NASTY =
      "quote \" apos ' lt < gt > amp & cdata-end ]]> tab\t nl\n cr\r nul\u0000 esc\u001b del\u007f"
      + " c1\u009b bom\uFFFE lone\uD800surrogate astral\uD83D\uDE00 end";

  private static XMLStreamReader read(String xml) throws Exception {
    XMLStreamReader reader = XMLInputFactory.newFactory().createXMLStreamReader(new StringReader(xml));
    while (reader.next() != XMLStreamConstants.START_ELEMENT) {
      // to the element
    }
    return reader;
  }

  @Test
  void anyTextSurvivesAsAnAttributeOrAsTextOnOneLine() throws Exception {
    String expected = NASTY.replace('\u0000', '\uFFFD').replace('\u001b', '\uFFFD')
        .replace('\uFFFE', '\uFFFD').replace('\uD800', '\uFFFD');
    Hit hit = new Hit("c", null, null, OffsetDateTime.parse("2000-10-10T13:55:36-07:00"), NASTY,
        null, null, null, 200, null, NASTY, null, null);
    String hitXml = HitXml.element(hit).toString(StandardCharsets.UTF_8);
    assertEquals(1, hitXml.split("\n", -1).length - 1, "one line: " + hitXml);
    XMLStreamReader reader = read(hitXml);
    assertEquals(expected, reader.getAttributeValue(null, "request"));
    assertEquals(expected, reader.getAttributeValue(null, "referrer"));

    String textXml = HitXml.element(new Unparsed(NASTY, false)).toString(StandardCharsets.UTF_8);
    assertEquals(1, textXml.split("\n", -1).length - 1, "one line: " + textXml);
    assertEquals(expected, read(textXml).getElementText());
  }

  @Test
  void controlCharactersNeverReachTheWireRaw() {
    String xml = HitXml.element(new Unparsed(NASTY, false)).toString(StandardCharsets.UTF_8);
    for (char c : xml.substring(0, xml.length() - 1).toCharArray()) {
      assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f), "raw control character " + (int) c + " in " + xml);
    }
  }

  @Test
  void absentFieldsAreLeftOutAndTheRequestIsSplitWhenItCanBe() {
    Hit hit = new Hit("192.0.2.1", null, "bob", OffsetDateTime.parse("2024-01-02T03:04:05Z"),
        "GET / HTTP/1.1", "GET", "/", "HTTP/1.1", 301, 0L, null, "ua", null);
    assertEquals("<hit client=\"192.0.2.1\" user=\"bob\" time=\"2024-01-02T03:04:05Z\" method=\"GET\""
        + " resource=\"/\" protocol=\"HTTP/1.1\" status=\"301\" bytes=\"0\" agent=\"ua\"/>\n",
        HitXml.element(hit).toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRefusalIsACompleteDocument() throws Exception {
    XMLStreamReader reader = read(HitXml.refusal("too many <clients>").toString(StandardCharsets.UTF_8));
    assertEquals("hits", reader.getLocalName());
    while (reader.next() != XMLStreamConstants.START_ELEMENT) {
      // to <error>
    }
    assertEquals("too many <clients>", reader.getElementText());
  }
}
