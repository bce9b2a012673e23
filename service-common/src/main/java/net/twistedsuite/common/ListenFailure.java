package net.twistedsuite.common;

/** How every listener of the suite says that it could not listen, in one line. */
final class ListenFailure {

  private ListenFailure() {
  }

  /**
   * {@code "cannot listen on 0.0.0.0:1079: Address already in use"}, with {@code " (key)"} after
   * the address when {@code key} (the configuration key of the port) is not null.
   */
  static IllegalStateException of(String host, int port, String key, Throwable cause) {
    return new IllegalStateException("cannot listen on " + host + ":" + port + (key == null ? "" : " (" + key + ")")
        + ": " + reason(cause));
  }

  /**
   * Why a listen failed, as the operating system says it: the native transport words it
   * {@code bind(..) failed with error(-98): Address already in use}, NIO {@code Address already in use}.
   */
  static String reason(Throwable e) {
    return ServiceLauncher.oneLine(e).replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
  }
}
