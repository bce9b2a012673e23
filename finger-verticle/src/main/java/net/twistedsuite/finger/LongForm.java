package net.twistedsuite.finger;

/**
 * The classic long answer for an account, laid out as BSD and netkit fingerd print it: two
 * columns (the second at column 40, where their tab stops put it), then the status if a source
 * has one, then the project, the plan (or {@code No Plan.}) and, for {@code /W}, the PGP key.
 */
final class LongForm {

  private static final int SECOND_COLUMN = 40;

  private LongForm() {
  }

  /**
   * @param status the status from another source, or null
   * @param project {@code ~/.project}, or null
   * @param plan {@code ~/.plan}, or null for {@code No Plan.}
   * @param pgpKey {@code ~/.pgpkey}, or null
   */
  static String of(Account account, String status, String project, String plan, String pgpKey) {
    StringBuilder out = new StringBuilder(256);
    String name = account.name();
    columns(out, "Login: " + account.login(), name.isEmpty() ? "Name:" : "Name: " + name);
    columns(out, "Directory: " + account.home(),
        "Shell: " + (account.shell().isEmpty() ? "/bin/sh" : account.shell()));
    if (status != null && !status.isEmpty()) {
      out.append(status).append('\n');
    }
    if (project != null) {
      section(out, "Project:", project);
    }
    if (plan != null) {
      section(out, "Plan:", plan);
    } else {
      out.append("No Plan.\n");
    }
    if (pgpKey != null) {
      section(out, "PGP key:", pgpKey);
    }
    return out.toString();
  }

  private static void columns(StringBuilder out, String left, String right) {
    out.append(left).append(" ".repeat(Math.max(1, SECOND_COLUMN - left.length()))).append(right).append('\n');
  }

  /** A one-line file follows its label, as {@code Project: text}; a longer one starts below it. */
  private static void section(StringBuilder out, String label, String text) {
    String body = text.endsWith("\n") ? text : text + "\n";
    boolean oneLine = body.indexOf('\n') == body.length() - 1 && body.indexOf('\r') < 0;
    out.append(label).append(oneLine && !label.equals("Plan:") ? " " : "\n").append(body);
  }
}
