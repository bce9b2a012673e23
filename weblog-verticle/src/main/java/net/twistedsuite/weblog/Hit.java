package net.twistedsuite.weblog;

import java.time.OffsetDateTime;

/**
 * One request from a combined (or common) format access log line. Fields the log marks as absent
 * with {@code -} are null. {@code method}, {@code resource} and {@code protocol} are null when the
 * request line is not of that shape (garbage sent to the port, an empty request); {@code request}
 * always holds the request line as logged.
 */
record Hit(
    String client,
    String ident,
    String user,
    OffsetDateTime time,
    String request,
    String method,
    String resource,
    String protocol,
    int status,
    Long bytes,
    String referrer,
    String agent,
    String extra) implements LogLine {
}
