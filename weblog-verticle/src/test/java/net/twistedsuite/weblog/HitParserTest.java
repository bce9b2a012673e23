package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

  /** The fields in which lines of other shapes differ from Apache's example line. */
  private record Fields(String request, String method, String resource, String referrer, String agent,
      String extra) {
    static Fields of(Hit hit) {
      return new Fields(hit.request(), hit.method(), hit.resource(), hit.referrer(), hit.agent(), hit.extra());
    }
  }

  static Stream<Arguments> linesOfOtherShapes() {
    return Stream.of(
        arguments("Apache's backslash escapes are undone",
            "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /q?a=\\\"b\\\" HTTP/1.1\" 200 1 "
                + "\"say \\\"hi\\\" \\\\ back\" \"tab\\there \\b\"",
            new Fields("GET /q?a=\"b\" HTTP/1.1", "GET", "/q?a=\"b\"", "say \"hi\" \\ back", "tab\there \\b", null)),
        arguments("nginx's \\x escapes are undone",
            "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /caf\\xC3\\xA9 HTTP/1.1\" 200 1 "
                + "\"-\" \"quote \\x22 backslash \\x5C\"",
            new Fields("GET /caf\u00e9 HTTP/1.1", "GET", "/caf\u00e9", null, "quote \" backslash \\", null)),
        arguments("the common format has no referrer or agent",
            "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10",
            new Fields("GET / HTTP/1.0", "GET", "/", null, null, null)),
        arguments("fields added after the agent are kept",
            "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 10 \"-\" \"ua\" 0.012 \"198.51.100.7\"",
            new Fields("GET / HTTP/1.0", "GET", "/", null, "ua", "0.012 \"198.51.100.7\"")),
        arguments("an empty request line is kept whole",
            "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"-\" 400 0 \"-\" \"-\"",
            new Fields("-", null, null, null, null, null)),
        arguments("a TLS handshake sent to the port is kept whole, its control bytes still escaped",
            "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\\x01\\x00\\xfc\\x01\" 400 157 \"-\" \"-\"",
            new Fields("\\x16\\x03\\x01\\x00\uFFFD\\x01", null, null, null, null, null)),
        arguments("a resource with a space in it lies between the method and the protocol",
            "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a b HTTP/1.1\" 400 0 \"-\" \"-\"",
            new Fields("GET /a b HTTP/1.1", "GET", "/a b", null, null, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("linesOfOtherShapes")
  void readsLinesOfOtherShapes(String shape, String line, Fields expected) {
    assertEquals(expected, Fields.of(hit(line)));
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
