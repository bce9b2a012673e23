package net.twistedsuite.finger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;

/**
 * One replacement applied to every answer (the tutorial's whitewash step): each match of a
 * regular expression is replaced by literal text. The replacement is literal, so a '$' or '\'
 * in it is just a character and an operator's filter can never fail at answer time.
 */
public final class AnswerFilter {

  /** The {@code filters} key: {@code [{"match": "regex", "replace": "text"}, ...]}, applied in order. */
  public static final ConfigKey KEY = ConfigKey.array("filters", new JsonArray(),
      "replacements applied to every answer, in order: [{\"match\": \"regex\", \"replace\": \"text\"}]");

  private final Pattern match;
  private final String replacement;

  public AnswerFilter(Pattern match, String replace) {
    this.match = match;
    this.replacement = Matcher.quoteReplacement(replace);
  }

  /**
   * Reads the {@link #KEY} from a resolved configuration.
   *
   * @throws ConfigException naming the entry, e.g. {@code filters[1].match}
   */
  public static List<AnswerFilter> fromConfig(JsonObject resolved) {
    JsonArray entries = resolved.getJsonArray(KEY.path(), new JsonArray());
    List<AnswerFilter> filters = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = KEY.path() + "[" + i + "]";
      if (!(entries.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException(at, "must be an object like {\"match\": \"regex\", \"replace\": \"text\"}");
      }
      for (String field : entry.fieldNames()) {
        if (!field.equals("match") && !field.equals("replace")) {
          throw new ConfigException(at + "." + field, "unknown key (known keys: match, replace)");
        }
      }
      if (!(entry.getValue("match") instanceof String regex) || regex.isEmpty()) {
        throw new ConfigException(at + ".match", "must be a non-empty regular expression");
      }
      Object replace = entry.getValue("replace", "");
      if (!(replace instanceof String text)) {
        throw new ConfigException(at + ".replace", "must be a string");
      }
      try {
        filters.add(new AnswerFilter(Pattern.compile(regex), text));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(at + ".match", "not a valid regular expression: "
            + e.getDescription() + " near index " + e.getIndex());
      }
    }
    return filters;
  }

  public String apply(String answer) {
    return match.matcher(answer).replaceAll(replacement);
  }

  @Override
  public String toString() {
    return "s/" + match.pattern() + "/" + replacement + "/";
  }
}
