package net.twistedsuite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  private static Table sample() {
    Table t = new Table();
    t.add(new Table.Row("fib", "answers/s", "10 clients", "20,000", "25,000", "0.80", ">= 0.8 x floor", "pass"));
    t.add(new Table.Row("finger", "queries/s", "50 clients", "9,000", "20,000", "0.45", ">= 0.9 x floor", "FAIL"));
    t.missing("weblog", "everything", "not built");
    t.add(new Table.Row("finger", "queries/s", "1 client", "3,000", "5,000", "0.60", "", ""));
    return t;
  }

  @Test
  void columnsLineUpUnderTheHeader() {
    String[] lines = sample().render().split("\n");
    assertEquals(6, lines.length);
    int resultColumn = lines[0].indexOf("result");
    assertEquals(resultColumn, lines[2].indexOf("20,000"));
    assertEquals(resultColumn, lines[3].indexOf("9,000"));
    assertTrue(lines[1].startsWith("-------"));
  }

  @Test
  void rowsAreGroupedByServiceInOrderKeepingTheirOwnOrder() {
    List<Table.Row> rows = sample().sortedBy(List.of("finger", "fib", "weblog")).rows();
    assertEquals(List.of("finger", "finger", "fib", "weblog"), rows.stream().map(Table.Row::service).toList());
    assertEquals("50 clients", rows.get(0).load());
  }

  @Test
  void failuresAreTheRowsThatMissedTheirTarget() {
    List<Table.Row> failed = sample().failures();
    assertEquals(1, failed.size());
    assertEquals("finger", failed.get(0).service());
  }

  @Test
  void markdownHasOneLinePerRowAndAHeaderRule() {
    String[] lines = sample().renderMarkdown().split("\n");
    assertEquals(6, lines.length);
    assertTrue(lines[1].startsWith("|---|"));
    assertTrue(lines[4].contains("| weblog | everything |  | not built |"));
  }
}
