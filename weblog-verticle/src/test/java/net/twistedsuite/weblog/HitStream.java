package net.twistedsuite.weblog;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A client of the weblog service that reads its stream with a streaming XML parser (StAX) as the
 * bytes arrive, the way a real consumer would: a stream that is not well-formed fails the test.
 * Every read is bounded by a 30 s timeout (generous: the machine may be busy).
 */
final class HitStream implements AutoCloseable {

  /** One element of the stream: its name, its attributes and its text. */
  record Element(String name, Map<String, String> attributes, String text) {
    String attr(String attribute) {
      return attributes.get(attribute);
    }
  }

  private final Socket socket;
  private final XMLStreamReader xml;

  private HitStream(Socket socket) throws IOException, XMLStreamException {
    this.socket = socket;
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    xml = factory.createXMLStreamReader(socket.getInputStream(), "UTF-8");
  }

  /** Connects and reads the opening {@code <hits>}. */
  static HitStream connect(int port) throws IOException, XMLStreamException {
    return connectFrom("127.0.0.1", port);
  }

  /** Connects from the loopback address {@code source} (127.0.0.2 is a second client host). */
  static HitStream connectFrom(String source, int port) throws IOException, XMLStreamException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    HitStream stream = new HitStream(socket);
    while (stream.xml.next() != XMLStreamConstants.START_ELEMENT) {
      // skip anything before the root (there should be nothing)
    }
    if (!stream.xml.getLocalName().equals("hits")) {
      throw new AssertionError("stream does not start with <hits>: <" + stream.xml.getLocalName() + ">");
    }
    return stream;
  }

  /** A plain socket with the test timeouts, for clients that must not read. */
  static Socket socket(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Reads what a plain socket is sent until the server closes or resets it; returns how many bytes. */
  static long bytesUntilClosed(Socket socket) throws IOException {
    long read = 0;
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
        read += n;
      }
    } catch (SocketException reset) {
      // dropped with unread data: a reset is as good as an end of stream
    }
    return read;
  }

  /** The next element inside {@code <hits>}, or null once {@code </hits>} has been read. */
  Element next() throws XMLStreamException {
    while (true) {
      int event = xml.next();
      if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
        return null; // only </hits> can end at this level
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = xml.getLocalName();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
          attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        return new Element(name, attributes, xml.getElementText());
      }
    }
  }

  /** The next {@code count} elements; fails if the stream ends first. */
  List<Element> next(int count) throws XMLStreamException {
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Element element = next();
      if (element == null) {
        throw new AssertionError("stream ended after " + out);
      }
      out.add(element);
    }
    return out;
  }

  /** Resources of the next {@code count} elements, which must all be hits. */
  List<String> nextResources(int count) throws XMLStreamException {
    List<String> out = new ArrayList<>();
    for (Element element : next(count)) {
      if (!element.name().equals("hit")) {
        throw new AssertionError("expected a hit, got " + element);
      }
      out.add(element.attr("resource"));
    }
    return out;
  }

  HitStream send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return this;
  }

  /** Nothing has arrived that has not been read (what the parser buffered counts as read). */
  boolean nothingWaiting() throws IOException {
    return socket.getInputStream().available() == 0;
  }

  /** Reads until the server closes; true if it did within the timeout. */
  boolean closedByServer() {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // what was left
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
