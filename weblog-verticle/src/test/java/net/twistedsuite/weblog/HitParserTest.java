package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HitParserTest {

  private final HitParser parser = new HitParser();

  private LogLine parse(String line) {
    return parser.parse(new RawLine(line.getBytes(StandardCharsets.UTF_8), false));
  }

  private Hit hit(String line) {
    return assertInstanceOf(Hit.class, parse(line));
  }

  @Test
  void readsEveryFieldOfApachesExampleLine() {
    Hit hit = hit("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
        + "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
    assertEquals("127.0.0.1", hit.client());
    assertNull(hit.ident());
    assertEquals("frank", hit.user());
    assertEquals(OffsetDateTime.parse("2000-10-10T13:55:36-07:00"), hit.time());
    assertEquals("GET /apache_pb.gif HTTP/1.0", hit.request());
    assertEquals("GET", hit.method());
    assertEquals("/apache_pb.gif", hit.resource());
    assertEquals("HTTP/1.0", hit.protocol());
    assertEquals(200, hit.status());
    assertEquals(2326L, hit.bytes());
    assertEquals("http://www.example.com/start.html", hit.referrer());
    assertEquals("Mozilla/4.08 [en] (Win98; I ;Nav)", hit.agent());
    assertNull(hit.extra());
  }

  @Test
  void readsIpv6ClientsAndDashForNoBytesOrReferrer() {
    Hit hit = hit("2001:db8::ff00:42:8329 - - [01/Jan/2024:00:00:00 +0000] \"HEAD / HTTP/1.1\" 304 - \"-\" \"-\"");
    assertEquals("2001:db8::ff00:42:8329", hit.client());
    assertNull(hit.user());
    assertNull(hit.bytes());
    assertNull(hit.referrer());
    assertNull(hit.agent());
  }

  @Test
  void undoesTheEscapesApacheAndNginxWrite() {
    Hit apache = hit("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /q?a=\\\"b\\\" HTTP/1.1\" 200 1 "
        + "\"say \\\"hi\\\" \\\\ back\" \"tab\\there \\b\"");
    assertEquals("/q?a=\"b\"", apache.resource());
    assertEquals("say \"hi\" \\ back", apache.referrer());
    assertEquals("tab\there \\b", apache.agent());
    Hit nginx = hit("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /caf\\xC3\\xA9 HTTP/1.1\" 200 1 "
        + "\"-\" \"quote \\x22 backslash \\x5C\"");
    assertEquals("/caf\u00e9", nginx.resource());
    assertEquals("quote \" backslash \\", nginx.agent());
  }

  @Test
  void acceptsTheCommonFormatAndKeepsFieldsAddedAfterTheAgent() {
    Hit common = hit("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10");
    assertNull(common.referrer());
    assertNull(common.agent());
    Hit extended = hit("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10 \"-\" \"ua\" "
        + "0.012 \"198.51.100.7\"");
    assertEquals("ua", extended.agent());
    assertEquals("0.012 \"198.51.100.7\"", extended.extra());
  }

  @Test
  void aRequestLineThatIsNotMethodResourceProtocolIsKeptWhole() {
    Hit empty = hit("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"-\" 400 0 \"-\" \"-\"");
    assertEquals("-", empty.request());
    assertNull(empty.method());
    Hit tls = hit("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\\x01\\x00\\xfc\\x01\" 400 157 \"-\" \"-\"");
    assertNull(tls.method());
    assertEquals("\\x16\\x03\\x01\\x00\uFFFD\\x01", tls.request(), "control bytes stay escaped");
    Hit spaced = hit("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a b HTTP/1.1\" 400 0 \"-\" \"-\"");
    assertEquals("/a b", spaced.resource());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "just some text",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0 200 10",
      "192.0.2.1 - - [31/Foo/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 2000 10",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 ten",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10 \"ref\"",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10 \"ref\" \"ua\"junk",
      " 192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10",
      "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700 \"GET / HTTP/1.0\" 200 10",
  })
  void aLineNotInTheFormatIsKeptAsText(String line) {
    Unparsed unparsed = assertInstanceOf(Unparsed.class, parse(line));
    assertEquals(line, unparsed.text());
  }

  @Test
  void aCutLineIsNeverReadAsAHit() {
    byte[] line = AccessLog.line("/x").getBytes(StandardCharsets.UTF_8);
    Unparsed unparsed = assertInstanceOf(Unparsed.class, parser.parse(new RawLine(line, true)));
    assertTrue(unparsed.truncated());
  }

  @Test
  void malformedUtf8BecomesReplacementCharacters() {
    byte[] line = {'a', (byte) 0xc3, 'b', (byte) 0xff};
    Unparsed unparsed = assertInstanceOf(Unparsed.class, parser.parse(new RawLine(line, false)));
    assertEquals("a\uFFFDb\uFFFD", unparsed.text());
  }

  @Test
  void aLineOfManyEscapesParsesWithoutDeepRecursion() {
    String agent = "\\x41".repeat(50_000);
    Hit hit = hit("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10 \"-\" \"" + agent + "\"");
    assertEquals("A".repeat(50_000), hit.agent());
  }
}
