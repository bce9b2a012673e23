package net.twistedsuite.watch;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar watch-verticle-fat.jar [-conf FILE.json]}. */
public final class WatchMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "watch: fetches web pages on a timer, logs the first headline of each, and mails the"
            + " administrator when one changes.",
        WatchOptions.SPEC, WatchVerticle::new);
  }
}
