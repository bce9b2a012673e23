package net.twistedsuite.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The one table a run prints: a row per figure, with the floor's figure in the same conditions,
 * the ratio to it, and the target with its verdict where the suite sets one.
 */
public final class Table {

  static final String[] HEADER = {"service", "measure", "load", "result", "floor", "ratio", "target", "verdict"};

  /** One figure. Empty strings leave a cell blank. */
  public record Row(String service, String measure, String load, String result, String floor,
      String ratio, String target, String verdict) {

    String[] cells() {
      return new String[] {service, measure, load, result, floor, ratio, target, verdict};
    }
  }

  private final List<Row> rows = new ArrayList<>();

  public void add(Row row) {
    rows.add(row);
  }

  /** A row whose figure could not be taken, saying why in the result cell. */
  public void missing(String service, String measure, String why) {
    rows.add(new Row(service, measure, "", why, "", "", "", ""));
  }

  /** The rows grouped by service in the given order, each service's rows in the order added. */
  public Table sortedBy(List<String> services) {
    Table out = new Table();
    for (String service : services) {
      rows.stream().filter(r -> r.service().equals(service)).forEach(out::add);
    }
    rows.stream().filter(r -> !services.contains(r.service())).forEach(out::add);
    return out;
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** Rows that carry a target and missed it. */
  public List<Row> failures() {
    return rows.stream().filter(r -> r.verdict().equals("FAIL")).toList();
  }

  /** Plain text, columns padded, a dashed rule under the header: readable in a terminal and in Markdown code blocks. */
  public String render() {
    int[] width = new int[HEADER.length];
    List<String[]> all = new ArrayList<>();
    all.add(HEADER);
    for (Row row : rows) {
      all.add(row.cells());
    }
    for (String[] cells : all) {
      for (int i = 0; i < cells.length; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < all.size(); r++) {
      line(out, all.get(r), width);
      if (r == 0) {
        String[] rule = new String[HEADER.length];
        for (int i = 0; i < rule.length; i++) {
          rule[i] = "-".repeat(width[i]);
        }
        line(out, rule, width);
      }
    }
    return out.toString();
  }

  /** The same rows as a Markdown table, for the README. */
  public String renderMarkdown() {
    StringBuilder out = new StringBuilder("| ").append(String.join(" | ", HEADER)).append(" |\n|");
    for (int i = 0; i < HEADER.length; i++) {
      out.append("---|");
    }
    out.append('\n');
    for (Row row : rows) {
      out.append("| ").append(String.join(" | ", row.cells())).append(" |\n");
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      line.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
