package net.twistedsuite.common;

/**
 * A configuration value that the service cannot start with. The message is one line meant for
 * the operator and always names the offending key.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
