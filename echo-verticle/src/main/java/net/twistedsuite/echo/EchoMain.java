package net.twistedsuite.echo;

import java.util.Arrays;
import net.twistedsuite.common.ServiceLauncher;

/**
 * {@code java -jar echo-verticle-fat.jar [-conf FILE.json]} runs the server;
 * {@code java -jar echo-verticle-fat.jar client [--host H] [--port P] [LINE ...]} the client.
 */
public final class EchoMain {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("client")) {
      EchoClientCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    ServiceLauncher.launch(args,
        "echo: RFC 862 echo server; every byte a client sends comes back unchanged.\n"
            + "The client: java -jar echo-verticle-fat.jar client [--host H] [--port P] [LINE ...]"
            + " (client --help for more).",
        EchoOptions.SPEC, EchoVerticle::new);
  }
}
