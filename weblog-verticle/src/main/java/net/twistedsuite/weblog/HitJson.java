package net.twistedsuite.weblog;

import io.vertx.core.json.JsonObject;

/**
 * A log line as the live page's JSON: one field per part of the combined format (absent ones
 * null), or the text of a line that did not parse. The text is the log's, unchanged: the page
 * shows it as text, never as markup.
 */
final class HitJson {

  private HitJson() {
  }

  static JsonObject of(LogLine line, long seen) {
    JsonObject json = new JsonObject().put("seen", seen);
    if (line instanceof Hit hit) {
      return json.put("time", hit.time() == null ? null : hit.time().toString())
          .put("client", hit.client())
          .put("user", hit.user())
          .put("method", hit.method())
          .put("path", hit.resource())
          .put("protocol", hit.protocol())
          .put("request", hit.request())
          .put("status", hit.status())
          .put("bytes", hit.bytes())
          .put("referrer", hit.referrer())
          .put("agent", hit.agent());
    }
    Unparsed unparsed = (Unparsed) line;
    return json.put("unparsed", unparsed.text()).put("truncated", unparsed.truncated());
  }
}
