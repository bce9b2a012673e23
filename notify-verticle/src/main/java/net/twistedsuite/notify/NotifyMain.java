package net.twistedsuite.notify;

import java.util.Arrays;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.notify.client.NotifyClientCommand;

/**
 * {@code java -jar notify-verticle-fat.jar [-conf FILE] [-cluster]} runs the server;
 * {@code java -jar notify-verticle-fat.jar client [--host H] [--port P] COMMAND...} talks to one.
 */
public final class NotifyMain {

  static final String DESCRIPTION = "notify: answers 'classified?' with the newest classified ad and 'random?' with the"
      + " current random number,\nand after 'notif' announces each new one ('notif: classified', 'notif: random')."
      + "\n'client' as first argument runs the client instead (client --help).";

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("client")) {
      System.exit(NotifyClientCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    ServiceLauncher.launch(args, DESCRIPTION, NotifyOptions.SPEC, NotifyVerticle::new);
  }
}
