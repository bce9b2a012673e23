package net.twistedsuite.exec;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar exec-verticle-fat.jar -conf FILE}. */
public final class ExecMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "exec: the process server. Each connection runs the configured program (no shell): what the"
            + " client sends\ngoes to its standard input, its standard output comes back, and each line"
            + " of its standard error\ncomes back prefixed with \"! \". The connection closes when the"
            + " program ends; the program is\nstopped (TERM, then KILL) when the client goes away."
            + " There is no default program:\n  java -jar exec-verticle-fat.jar -conf '{\"command\": [\"cat\"]}'\n"
            + "  printf 'hello\\n' | nc -N 127.0.0.1 1025",
        ExecOptions.SPEC, ExecVerticle::new);
  }
}
