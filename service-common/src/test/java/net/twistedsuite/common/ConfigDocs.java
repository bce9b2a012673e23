package net.twistedsuite.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a service's documentation states exactly what its {@link ConfigSpec} declares:
 * {@code conf/SERVICE.json} of the repository lists every key with its default, and the
 * configuration tables of the repository's README (section {@code ### SERVICE}) and of the
 * module's README list every key with its default (and, where the table has that column, its
 * environment variable), and nothing else. Run from the module's directory, as Maven runs
 * tests.
 */
public final class ConfigDocs {

  private ConfigDocs() {
  }

  /**
   * Fails naming every key that the conf file or a README states differently from the spec.
   * {@code examples}: keys whose value in the conf file is an example (its comment says so)
   * rather than the default, such as a user for {@code ./run} to answer about; the file must
   * still hold them, with a value the spec accepts.
   */
  public static void assertDocumented(ConfigSpec spec, String... examples) throws IOException {
    List<String> problems = new ArrayList<>();
    Path conf = Path.of("..", "conf", spec.service() + ".json");
    confFileProblems(spec, new JsonObject(Files.readString(conf)), examples)
        .forEach(p -> problems.add("conf/" + spec.service() + ".json: " + p));
    Path root = Path.of("..", "README.md");
    tableProblems(spec, section(Files.readString(root), "### " + spec.service()))
        .forEach(p -> problems.add("README.md, section " + spec.service() + ": " + p));
    tableProblems(spec, Files.readString(Path.of("README.md")))
        .forEach(p -> problems.add(spec.service() + "-verticle/README.md: " + p));
    fail(problems.size() + " differences from the " + spec.service() + " service's configuration spec",
        problems);
  }

  /**
   * The conf file lists exactly the spec's keys, in the spec's order, each with its default
   * except for the keys named in {@code examples}.
   */
  public static void assertConfFileShowsDefaults(ConfigSpec spec, Path confFile, String... examples)
      throws IOException {
    JsonObject file = new JsonObject(Files.readString(confFile));
    List<String> problems = new ArrayList<>(confFileProblems(spec, file, examples));
    Map<String, Object> stated = new LinkedHashMap<>();
    flatten(spec, file, "", stated);
    List<String> order = spec.keys().stream().map(ConfigKey::path).toList();
    if (problems.isEmpty() && !order.equals(List.copyOf(stated.keySet()))) {
      problems.add("keys in the order " + stated.keySet() + ", the spec's order is " + order);
    }
    fail(confFile + " differs from the " + spec.service() + " spec", problems);
  }

  /** The table under the line {@code heading} in {@code readme} lists every key with its default. */
  public static void assertReadmeTable(ConfigSpec spec, Path readme, String heading) throws IOException {
    String text = section(Files.readString(readme), heading);
    if (text.isEmpty()) {
      throw new AssertionError(readme + " has no line '" + heading + "'");
    }
    fail(readme + ", table under '" + heading + "', differs from the " + spec.service() + " spec",
        tableProblems(spec, text));
  }

  private static void fail(String what, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new AssertionError(what + ":\n" + String.join("\n", problems));
    }
  }

  /**
   * What a conf file states differently from the spec: a value the service refuses, missing or
   * unknown keys, values other than the defaults (except for the keys named in {@code examples}).
   */
  public static List<String> confFileProblems(ConfigSpec spec, JsonObject file, String... examples) {
    List<String> problems = new ArrayList<>();
    try {
      spec.resolve(file);
    } catch (ConfigException e) {
      if (!e.getMessage().contains(": unknown key")) { // reported below, with every other one
        problems.add(e.getMessage());
      }
    }
    Map<String, Object> stated = new LinkedHashMap<>();
    flatten(spec, file, "", stated);
    Set<String> exampleKeys = Set.of(examples);
    exampleKeys.forEach(key -> stated.computeIfPresent(key, (k, v) -> new Rendered(render(defaultOf(spec, k)))));
    compare(spec, stated, problems);
    return problems;
  }

  private static Object defaultOf(ConfigSpec spec, String path) {
    return spec.keys().stream().filter(k -> k.path().equals(path)).findFirst().map(ConfigKey::defaultValue)
        .orElse(null);
  }

  /** What the tables with a key and a default column in {@code markdown} state differently. */
  public static List<String> tableProblems(ConfigSpec spec, String markdown) {
    Map<String, Object> stated = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> header = null;
    int keyColumn = -1;
    int defaultColumn = -1;
    int envColumn = -1;
    boolean inTable = false;
    for (String line : markdown.split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.startsWith("|")) {
        inTable = false;
        header = null;
        continue;
      }
      List<String> cells = cells(trimmed);
      if (header == null) {
        header = cells;
        keyColumn = indexOf(cells, "key");
        defaultColumn = indexOf(cells, "default");
        envColumn = Math.max(indexOf(cells, "environment"), indexOf(cells, "environment variable"));
        inTable = false;
      } else if (!inTable) {
        inTable = true; // the |---| line under the header
      } else if (keyColumn >= 0 && defaultColumn >= 0 && cells.size() > Math.max(keyColumn, defaultColumn)) {
        String key = cells.get(keyColumn).replace("`", "").trim();
        stated.put(key, new Rendered(firstCode(cells.get(defaultColumn))));
        if (envColumn >= 0 && envColumn < cells.size()) {
          String env = cells.get(envColumn).replace("`", "").trim();
          spec.keys().stream().filter(k -> k.path().equals(key)).findFirst()
              .filter(k -> !k.envName(spec.envPrefix()).equals(env))
              .ifPresent(k -> problems.add(key + ": environment variable " + env + ", the service reads "
                  + k.envName(spec.envPrefix())));
        }
      }
    }
    if (stated.isEmpty()) {
      return List.of("no table with a key and a default column");
    }
    compare(spec, stated, problems);
    return problems;
  }

  /** The lines from {@code heading} up to the next heading of its level or above. */
  static String section(String markdown, String heading) {
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("#")) {
        if (in && (line.startsWith("# ") || line.startsWith("## ") || line.startsWith("### "))) {
          break;
        }
        if (line.startsWith(heading + " ") || line.equals(heading)) {
          in = true;
        }
      }
      if (in) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** How a README shows a default: strings bare (the empty one as ""), JSON as JSON. */
  static String render(Object value) {
    if (value instanceof String s) {
      return s.isEmpty() ? "\"\"" : s;
    }
    if (value instanceof JsonObject o) {
      return o.encode();
    }
    if (value instanceof JsonArray a) {
      return a.encode();
    }
    return String.valueOf(value);
  }

  private record Rendered(String text) {
  }

  private static void compare(ConfigSpec spec, Map<String, Object> stated, List<String> problems) {
    Set<String> declared = new TreeSet<>();
    for (ConfigKey key : spec.keys()) {
      declared.add(key.path());
      if (!stated.containsKey(key.path())) {
        problems.add(key.path() + ": missing (default " + render(key.defaultValue()) + ")");
        continue;
      }
      Object value = stated.get(key.path());
      String shown = value instanceof Rendered r ? r.text() : render(value);
      String expected = render(key.defaultValue());
      boolean same = value instanceof Rendered ? shown.equals(expected) : sameValue(value, key.defaultValue());
      if (!same) {
        problems.add(key.path() + ": states " + shown + ", the default is " + expected);
      }
    }
    for (String path : stated.keySet()) {
      if (!declared.contains(path)) {
        problems.add(path + ": not a key of the service");
      }
    }
  }

  private static boolean sameValue(Object stated, Object expected) {
    if (stated instanceof Number a && expected instanceof Number b) {
      return a.longValue() == b.longValue() && a.doubleValue() == b.doubleValue();
    }
    return String.valueOf(stated).equals(String.valueOf(expected));
  }

  private static void flatten(ConfigSpec spec, JsonObject object, String prefix, Map<String, Object> out) {
    for (String field : object.fieldNames()) {
      String path = prefix + field;
      Object value = object.getValue(field);
      boolean isKey = spec.keys().stream().anyMatch(k -> k.path().equals(path));
      if (!isKey && value instanceof JsonObject group) {
        flatten(spec, group, path + ".", out);
      } else {
        out.put(path, value);
      }
    }
  }

  private static List<String> cells(String row) {
    String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.trim());
    }
    return cells;
  }

  private static int indexOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String firstCode(String cell) {
    int start = cell.indexOf('`');
    int end = start < 0 ? -1 : cell.indexOf('`', start + 1);
    return end < 0 ? cell : cell.substring(start + 1, end);
  }
}
