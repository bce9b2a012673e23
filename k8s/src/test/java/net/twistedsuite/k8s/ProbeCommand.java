package net.twistedsuite.k8s;

import java.util.ArrayList;
import java.util.List;

/** A twisted-probe command line from a manifest, taken apart: options, port, request, pattern. */
record ProbeCommand(List<String> options, int port, String send, String pattern) {

  /** The probe's default, in seconds (k8s/images/twisted-probe). */
  static final int DEFAULT_TIMEOUT_SECONDS = 3;

  static ProbeCommand of(List<String> command) {
    if (command.isEmpty() || !command.get(0).equals("twisted-probe")) {
      throw new AssertionError("not a twisted-probe command: " + command);
    }
    List<String> options = new ArrayList<>();
    int i = 1;
    while (i < command.size() && command.get(i).startsWith("--")) {
      options.add(command.get(i));
      if (!command.get(i).equals("--half-close")) {
        options.add(command.get(++i));
      }
      i++;
    }
    if (command.size() - i != 3) {
      throw new AssertionError("twisted-probe takes PORT SEND PATTERN after its options: " + command);
    }
    return new ProbeCommand(options, Integer.parseInt(command.get(i)), command.get(i + 1), command.get(i + 2));
  }

  int timeoutSeconds() {
    int i = options.indexOf("--timeout");
    return i < 0 ? DEFAULT_TIMEOUT_SECONDS : Integer.parseInt(options.get(i + 1));
  }

  int repeat() {
    int i = options.indexOf("--repeat");
    return i < 0 ? 1 : Integer.parseInt(options.get(i + 1));
  }

  /** The same probe aimed at another port, as a command to run. */
  List<String> withPort(String program, int otherPort) {
    List<String> command = new ArrayList<>();
    command.add(program);
    command.addAll(options);
    command.add(String.valueOf(otherPort));
    command.add(send);
    command.add(pattern);
    return command;
  }
}
