package net.twistedsuite.common;

import io.vertx.core.json.JsonArray;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The networks whose clients may use a service that listens on loopback by default (the setter,
 * exec), written as CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single addresses.
 * Loopback clients are always allowed: they are the local users such a service was made for. Only
 * IP literals are accepted, never host names, so that checking a client never waits for DNS.
 */
public final class ClientNetworks {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

  private final List<Block> blocks;

  private ClientNetworks(List<Block> blocks) {
    this.blocks = blocks;
  }

  /**
   * Parses CIDR blocks.
   *
   * @throws IllegalArgumentException naming the first entry that is not a network, and why
   */
  public static ClientNetworks parse(List<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String cidr : cidrs) {
      blocks.add(Block.parse(cidr));
    }
    return new ClientNetworks(List.copyOf(blocks));
  }

  /**
   * Reads the {@code allowedNetworks} array of a configuration.
   *
   * @throws ConfigException naming {@code key} and the first entry that is not a network
   */
  public static ClientNetworks fromConfig(String key, JsonArray array) {
    List<String> cidrs = new ArrayList<>();
    for (Object entry : array) {
      if (!(entry instanceof String s)) {
        throw new ConfigException(key, "must hold CIDR strings such as \"10.0.0.0/8\", got " + entry);
      }
      cidrs.add(s);
    }
    try {
      return parse(cidrs);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  /** 127.0.0.0/8, ::1 and the name {@code localhost}; host names are not looked up. */
  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    InetAddress address = literal(host);
    return address != null && address.isLoopbackAddress();
  }

  /**
   * Refuses to listen on {@code host} beyond loopback while no client network is allowed, for a
   * service where anyone who reached it could do harm: {@code risk} says what, e.g. "it could run
   * the program".
   *
   * @throws ConfigException naming {@code host}
   */
  public static void requireAllowedBeyondLoopback(String host, ClientNetworks allowed, String risk) {
    if (!isLoopback(host) && allowed.isEmpty()) {
      throw new ConfigException("host", host + " is not a loopback address, and anyone who reaches "
          + risk + ": list the client networks allowed to use it in allowedNetworks"
          + " (e.g. [\"10.0.0.0/8\"]), or listen on 127.0.0.1");
    }
  }

  /** True when no network is listed (only loopback clients are allowed). */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether a client at {@code address} (an IP literal, as a socket reports it) may connect. */
  public boolean allows(String address) {
    InetAddress client = literal(address);
    if (client == null) {
      return false;
    }
    if (client.isLoopbackAddress()) {
      return true;
    }
    byte[] bytes = client.getAddress();
    return blocks.stream().anyMatch(b -> b.contains(bytes));
  }

  /** The IP address written in {@code text}, or null if it is not an IPv4 or IPv6 literal. */
  static InetAddress literal(String text) {
    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
      return null;
    }
    try {
      // A literal is parsed, never looked up; IPv4-mapped IPv6 addresses come back as IPv4.
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return blocks.toString();
  }

  private record Block(byte[] network, int prefixLength, String text) {

    static Block parse(String cidr) {
      String trimmed = cidr.strip();
      int slash = trimmed.indexOf('/');
      String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
      InetAddress address = literal(addressText);
      if (address == null) {
        throw new IllegalArgumentException('"' + cidr + "\" is not an IPv4 or IPv6 network"
            + " (write it as 10.0.0.0/8 or 2001:db8::/32)");
      }
      byte[] network = address.getAddress();
      int bits = network.length * 8;
      int prefixLength = bits;
      if (slash >= 0) {
        String lengthText = trimmed.substring(slash + 1);
        if (!lengthText.matches("\\d{1,3}") || Integer.parseInt(lengthText) > bits) {
          throw new IllegalArgumentException('"' + cidr + "\" has a bad prefix length (0 to " + bits
              + " for an IPv" + (bits == 32 ? 4 : 6) + " network)");
        }
        prefixLength = Integer.parseInt(lengthText);
      }
      byte[] masked = mask(network, prefixLength);
      if (!Arrays.equals(masked, network)) {
        throw new IllegalArgumentException('"' + cidr + "\" has bits set after its prefix; did you mean "
            + text(masked) + "/" + prefixLength + "?");
      }
      return new Block(network, prefixLength, text(network) + "/" + prefixLength);
    }

    boolean contains(byte[] address) {
      return address.length == network.length && Arrays.equals(mask(address, prefixLength), network);
    }

    @Override
    public String toString() {
      return text;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
      byte[] out = address.clone();
      for (int i = 0; i < out.length; i++) {
        int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
        out[i] &= (byte) (0xff00 >> keep);
      }
      return out;
    }

    private static String text(byte[] address) {
      try {
        return InetAddress.getByAddress(address).getHostAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
