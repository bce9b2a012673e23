package net.twistedsuite.weblog;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar weblog-verticle-fat.jar [-conf FILE]}. */
public final class WeblogMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "weblog: streams the new hits of a web server's access log to every client as XML.",
        WeblogOptions.SPEC, WeblogVerticle::new);
  }
}
