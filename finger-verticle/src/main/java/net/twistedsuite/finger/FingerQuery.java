package net.twistedsuite.finger;

import java.util.regex.Pattern;
import net.twistedsuite.status.UserName;

/**
 * One finger query line as RFC 1288 section 2.3 defines it, without its line ending:
 * {@code [/W] [user]} ({@link Kind#LIST} or {@link Kind#USER}) or {@code [/W] [user]@host[@host...]}
 * ({@link Kind#FORWARD}). Immutable; {@link #parse} is the only way to make one, so every instance
 * holds a user name that is safe to pass on (to a program, a log, another server).
 */
public final class FingerQuery {

  /** What the client asks for. */
  public enum Kind { LIST, USER, FORWARD }

  /** Host names, IPv4 and bracketed IPv6 literals; '@' separates the hops of a forwarding chain. */
  private static final Pattern HOST_CHAIN = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]+(@[A-Za-z0-9.:\\[\\]_-]+)*");
  private static final int MAX_HOST_CHAIN = 255;

  private final Kind kind;
  private final String user;
  private final boolean verbose;
  private final String host;

  private FingerQuery(Kind kind, String user, boolean verbose, String host) {
    this.kind = kind;
    this.user = user;
    this.verbose = verbose;
    this.host = host;
  }

  /**
   * Parses a query line (a trailing CR is tolerated). Surrounding blanks are ignored; {@code /W}
   * may be written {@code /w}.
   *
   * @throws InvalidQueryException with a one-line reason fit to send back to the client
   */
  public static FingerQuery parse(String line) throws InvalidQueryException {
    String rest = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        throw new InvalidQueryException("Invalid query: only printable ASCII is allowed");
      }
    }
    rest = rest.strip();
    boolean verbose = false;
    if (rest.length() >= 2 && rest.charAt(0) == '/' && (rest.charAt(1) == 'W' || rest.charAt(1) == 'w')
        && (rest.length() == 2 || rest.charAt(2) == ' ' || rest.charAt(2) == '\t')) {
      verbose = true;
      rest = rest.substring(2).strip();
    }
    int at = rest.indexOf('@');
    String user = at < 0 ? rest : rest.substring(0, at);
    if (!user.isEmpty() && !isValidUserName(user)) {
      throw new InvalidQueryException("Invalid user name: use " + UserName.RULE);
    }
    if (at < 0) {
      return new FingerQuery(user.isEmpty() ? Kind.LIST : Kind.USER, user, verbose, "");
    }
    String host = rest.substring(at + 1);
    if (host.isEmpty() || host.length() > MAX_HOST_CHAIN || !HOST_CHAIN.matcher(host).matches()) {
      throw new InvalidQueryException("Invalid host name after '@'");
    }
    return new FingerQuery(Kind.FORWARD, user, verbose, host);
  }

  /** The contract's user-name rule ({@link UserName}), which queries follow too. */
  public static boolean isValidUserName(String name) {
    return UserName.isValid(name);
  }

  public Kind kind() {
    return kind;
  }

  /** The user asked about; empty for a list query and for {@code @host}. */
  public String user() {
    return user;
  }

  /** True for {@code /W} (the Debian {@code finger -l} client sends it). */
  public boolean verbose() {
    return verbose;
  }

  /** For {@link Kind#FORWARD}, everything after the first '@' ({@code b@c} for {@code a@b@c}); else empty. */
  public String host() {
    return host;
  }

  /** The query in its canonical wire form, for logs and for forwarding. */
  @Override
  public String toString() {
    String text = (verbose ? "/W " : "") + user + (kind == Kind.FORWARD ? "@" + host : "");
    return text.strip();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FingerQuery q && q.kind == kind && q.verbose == verbose && q.user.equals(user)
        && q.host.equals(host);
  }

  @Override
  public int hashCode() {
    return toString().hashCode() * 31 + kind.hashCode();
  }

  /** A query line that is not a finger query; the message is one line for the client. */
  public static final class InvalidQueryException extends Exception {
    public InvalidQueryException(String message) {
      super(message, null, false, false);
    }
  }
}
