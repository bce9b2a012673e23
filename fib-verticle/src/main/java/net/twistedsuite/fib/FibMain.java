package net.twistedsuite.fib;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar fib-verticle-fat.jar [-conf FILE.json]}. */
public final class FibMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "fib: hands out the Fibonacci sequence, one number per line, never the same one twice.",
        FibOptions.SPEC, FibVerticle::new);
  }
}
