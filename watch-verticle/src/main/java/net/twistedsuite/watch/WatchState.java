package net.twistedsuite.watch;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the service remembers across restarts: the last headline seen on each page, and the
 * outbox of changes not yet mailed. Both live in one file, so that recording a new headline and
 * queueing its mail happen together or not at all. Used on the event loop only.
 *
 * <p>The outbox holds at most one waiting entry per page: a page that changes again before its
 * mail went out adds the new headline to that entry (the last {@value #MAX_HEADLINES_PER_MAIL}
 * are kept), so a long mail outage cannot grow it beyond two entries per page.
 */
final class WatchState {

  static final String FORMAT = "watch-state 1";
  static final int MAX_HEADLINES_PER_MAIL = 20;

  /** The headline last seen on a page, and since when. */
  record Seen(String text, Instant since) {
  }

  /**
   * A change to be mailed: the headline before, and each one seen since, oldest first. The id
   * is the mail's Message-ID, the same on every attempt, so a mail resent after a crash can be
   * recognised as a duplicate.
   */
  record Change(String id, String url, String before, List<String> after, Instant detected) {
    String latest() {
      return after.get(after.size() - 1);
    }
  }

  private final Map<String, Seen> headlines = new LinkedHashMap<>();
  private final List<Change> outbox = new ArrayList<>();

  Seen headline(String url) {
    return headlines.get(url);
  }

  /** The first sighting of a page: remembered, not mailed. */
  void record(String url, String text, Instant now) {
    headlines.put(url, new Seen(text, now));
  }

  /**
   * A new headline on a page already seen: remembered, and queued for mailing, merged into the
   * page's waiting entry unless that one is being sent ({@code sending}, may be null).
   */
  Change changed(String url, String text, Instant now, String sending) {
    Seen before = headlines.put(url, new Seen(text, now));
    for (int i = 0; i < outbox.size(); i++) {
      Change waiting = outbox.get(i);
      if (waiting.url().equals(url) && !waiting.id().equals(sending)) {
        List<String> after = new ArrayList<>(waiting.after());
        after.add(text);
        if (after.size() > MAX_HEADLINES_PER_MAIL) {
          after.remove(0);
        }
        Change merged = new Change(waiting.id(), url, waiting.before(), List.copyOf(after), waiting.detected());
        outbox.set(i, merged);
        return merged;
      }
    }
    Change change = new Change(newId(now), url, before == null ? "" : before.text(), List.of(text), now);
    outbox.add(change);
    return change;
  }

  private static String newId(Instant now) {
    return Long.toString(now.toEpochMilli(), 36) + "." + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  /** The oldest change waiting to be mailed, or null. */
  Change nextMail() {
    return outbox.isEmpty() ? null : outbox.get(0);
  }

  /** Removes a mailed change; false if it was not queued (anymore). */
  boolean mailed(String id) {
    return outbox.removeIf(c -> c.id().equals(id));
  }

  /** How many mails wait to be sent. */
  int queued() {
    return outbox.size();
  }

  /** Forgets the headlines of pages no longer watched; their queued mails are still sent. */
  void retainPages(Collection<String> pages) {
    Set<String> keep = new HashSet<>(pages);
    headlines.keySet().removeIf(url -> !keep.contains(url));
  }

  byte[] encode() {
    JsonObject seen = new JsonObject();
    headlines.forEach((url, s) -> seen.put(url, new JsonObject().put("text", s.text()).put("since", s.since().toString())));
    JsonArray mails = new JsonArray();
    for (Change c : outbox) {
      mails.add(new JsonObject().put("id", c.id()).put("url", c.url()).put("before", c.before())
          .put("after", new JsonArray(new ArrayList<>(c.after()))).put("detected", c.detected().toString()));
    }
    return new JsonObject().put("format", FORMAT).put("headlines", seen).put("outbox", mails)
        .encodePrettily().concat("\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The inverse of {@link #encode}; throws IllegalArgumentException saying what is wrong. */
  static WatchState decode(byte[] bytes) {
    WatchState state = new WatchState();
    try {
      JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
      if (!FORMAT.equals(json.getString("format"))) {
        throw new IllegalArgumentException("not a watch state file (format is not \"" + FORMAT + "\")");
      }
      JsonObject seen = json.getJsonObject("headlines", new JsonObject());
      for (String url : seen.fieldNames()) {
        JsonObject s = seen.getJsonObject(url);
        state.headlines.put(url, new Seen(required(s, "text"), Instant.parse(required(s, "since"))));
      }
      for (Object o : json.getJsonArray("outbox", new JsonArray())) {
        JsonObject c = (JsonObject) o;
        List<String> after = new ArrayList<>();
        for (Object text : c.getJsonArray("after")) {
          after.add((String) text);
        }
        if (after.isEmpty()) {
          throw new IllegalArgumentException("a queued mail without a new headline");
        }
        state.outbox.add(new Change(required(c, "id"), required(c, "url"), c.getString("before", ""),
            List.copyOf(after), Instant.parse(required(c, "detected"))));
      }
    } catch (DecodeException | ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("not valid JSON of the expected shape: " + e.getMessage(), e);
    }
    return state;
  }

  private static String required(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null) {
      throw new IllegalArgumentException("missing \"" + key + "\"");
    }
    return value;
  }
}
