package net.twistedsuite.finger;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar finger-verticle-fat.jar [-conf FILE]}. */
public final class FingerMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args, "finger: an RFC 1288 finger server.", FingerOptions.SPEC,
        FingerVerticle::new);
  }
}
