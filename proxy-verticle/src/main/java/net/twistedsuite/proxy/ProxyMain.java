package net.twistedsuite.proxy;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar proxy-verticle-fat.jar [-conf FILE]}. */
public final class ProxyMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "proxy: a finger server that relays another finger server's answers, masking users.",
        ProxyOptions.SPEC, ProxyVerticle::new);
  }
}
