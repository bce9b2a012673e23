package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import net.twistedsuite.status.StatusBus;
import java.util.LinkedHashSet;
import java.util.Set;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.web.EventStream;
import net.twistedsuite.common.web.Html;
import net.twistedsuite.common.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * finger's web pages, the tutorial's web front end made safe: {@code /} lists the users,
 * {@code /users/{name}} shows one, {@code /api/users} and {@code /api/users/{name}} answer the
 * same in JSON, and {@code /events} tells open pages (server-sent events) that a status changed so
 * that they fetch it again. Every answer comes from the same {@link FingerService} as the finger
 * port, with its sources, filters and refusals: a list the port refuses is refused here (403), a
 * user it does not know is 404. Everything shown is escaped.
 */
final class FingerWeb {

  private static final Logger LOG = LoggerFactory.getLogger(FingerWeb.class);
  /** Changes within this time reach pages as one event; it also lets every replica apply them first. */
  private static final long COALESCE_MS = 150;
  /** An event is a few bytes: a page that leaves this much unread is gone. */
  private static final int MAX_QUEUED_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final FingerService service;
  private final Set<EventStream> streams = new LinkedHashSet<>();
  private MessageConsumer<JsonObject> changes;
  private long pending = -1;
  private long changeCount;

  FingerWeb(Vertx vertx, FingerService service) {
    this.vertx = vertx;
    this.service = service;
  }

  Router router() {
    Router router = WebServer.router(vertx, "finger");
    router.get("/").handler(this::listPage);
    router.get("/users/:name").handler(this::userPage);
    router.get("/api/users").handler(this::listJson);
    router.get("/api/users/:name").handler(this::userJson);
    router.get("/events").handler(this::events);
    return router;
  }

  /** Starts watching status changes (from this replica and, clustered, from the others). */
  Future<Void> start() {
    changes = vertx.eventBus().consumer(StatusBus.CHANGED, message -> changed());
    return changes.completion();
  }

  Future<Void> stop() {
    vertx.cancelTimer(pending);
    streams.forEach(EventStream::close);
    streams.clear();
    MessageConsumer<JsonObject> consumer = changes;
    changes = null;
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void changed() {
    if (pending == -1) {
      pending = vertx.setTimer(COALESCE_MS, id -> {
        pending = -1;
        changeCount++;
        for (EventStream stream : streams.toArray(new EventStream[0])) {
          stream.send(Long.toString(changeCount), "changed", "{}");
        }
      });
    }
  }

  private void events(RoutingContext ctx) {
    EventStream stream = new EventStream(vertx, ctx.request(), MAX_QUEUED_BYTES, 2000);
    streams.add(stream);
    stream.onClose(() -> streams.remove(stream));
  }

  /** The list as {@code (user, status)} pairs, or null when the service refuses to list. */
  private Future<JsonArray> users() {
    return service.answer(listQuery()).map(text -> {
      if (text.strip().equals(FingerService.LIST_DENIED)) {
        return null;
      }
      JsonArray users = new JsonArray();
      if (text.strip().equals(DirectoryFingerService.NO_USERS)) {
        return users;
      }
      for (String line : text.split("\r?\n")) {
        int colon = line.indexOf(": ");
        String user = colon > 0 ? line.substring(0, colon) : "";
        if (FingerQuery.isValidUserName(user)) {
          users.add(new JsonObject().put("user", user).put("status", line.substring(colon + 2)));
        } else if (!line.isBlank()) {
          // A line a filter rewrote beyond recognition is still shown, as it is.
          users.add(new JsonObject().put("user", "").put("status", line));
        }
      }
      return users;
    });
  }

  /** One user's answer, or null for a user nobody knows (or a name no finger user can have). */
  private Future<String> user(String name) {
    if (name == null || !FingerQuery.isValidUserName(name)) {
      return Future.succeededFuture(null);
    }
    FingerQuery query;
    try {
      query = FingerQuery.parse(name);
    } catch (FingerQuery.InvalidQueryException e) {
      return Future.succeededFuture(null);
    }
    return service.answer(query).map(text -> text.strip().equals(FingerService.NO_SUCH_USER) ? null : text);
  }

  private static FingerQuery listQuery() {
    try {
      return FingerQuery.parse("");
    } catch (FingerQuery.InvalidQueryException e) {
      throw new IllegalStateException(e);
    }
  }

  private void listJson(RoutingContext ctx) {
    users().onComplete(result -> {
      if (result.failed()) {
        failed(ctx, result.cause(), true);
      } else if (result.result() == null) {
        json(ctx, 403, new JsonObject().put("error", FingerService.LIST_DENIED));
      } else {
        json(ctx, 200, new JsonObject().put("users", result.result()));
      }
    });
  }

  private void userJson(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    user(name).onComplete(result -> {
      if (result.failed()) {
        failed(ctx, result.cause(), true);
      } else if (result.result() == null) {
        json(ctx, 404, new JsonObject().put("error", FingerService.NO_SUCH_USER));
      } else {
        json(ctx, 200, new JsonObject().put("user", name).put("answer", result.result()));
      }
    });
  }

  private void listPage(RoutingContext ctx) {
    users().onComplete(result -> {
      if (result.failed()) {
        failed(ctx, result.cause(), false);
        return;
      }
      StringBuilder body = new StringBuilder("<h1>Users</h1>\n");
      if (result.result() == null) {
        body.append("<p id=\"refused\">").append(Html.escape(FingerService.LIST_DENIED)).append("</p>\n");
        html(ctx, 403, "finger: users", "refused", body);
        return;
      }
      body.append("<table id=\"users\"><thead><tr><th>User</th><th>Status</th></tr></thead><tbody>\n");
      for (Object entry : result.result()) {
        JsonObject row = (JsonObject) entry;
        String user = row.getString("user");
        body.append("<tr><td>");
        if (!user.isEmpty()) {
          body.append("<a href=\"/users/").append(Html.escape(user)).append("\">").append(Html.escape(user)).append("</a>");
        }
        body.append("</td><td class=\"status\">").append(Html.escape(row.getString("status"))).append("</td></tr>\n");
      }
      body.append("</tbody></table>\n<p id=\"empty\"").append(result.result().isEmpty() ? "" : " hidden")
          .append(">No users.</p>\n");
      html(ctx, 200, "finger: users", "list", body);
    });
  }

  private void userPage(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    user(name).onComplete(result -> {
      if (result.failed()) {
        failed(ctx, result.cause(), false);
        return;
      }
      StringBuilder body = new StringBuilder("<p><a href=\"/\">All users</a></p>\n<h1 id=\"user\">")
          .append(Html.escape(name)).append("</h1>\n");
      if (result.result() == null) {
        body.append("<pre id=\"answer\">").append(Html.escape(FingerService.NO_SUCH_USER)).append("</pre>\n");
        html(ctx, 404, "finger: no such user", "user", body);
      } else {
        body.append("<pre id=\"answer\">").append(Html.escape(result.result())).append("</pre>\n");
        html(ctx, 200, "finger: " + name, "user", body);
      }
    });
  }

  private static void html(RoutingContext ctx, int status, String title, String view, CharSequence body) {
    String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + Html.escape(title) + "</title>\n"
        + "<link rel=\"stylesheet\" href=\"/assets/finger.css\">\n"
        + "<script src=\"/assets/finger.js\" defer></script>\n</head>\n"
        + "<body data-view=\"" + view + "\">\n" + body
        + "<p id=\"live\" class=\"live\">Live: statuses set through the setter appear here.</p>\n</body>\n</html>\n";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(page);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }

  private static void failed(RoutingContext ctx, Throwable cause, boolean asJson) {
    LOG.warn("web {} {}: lookup failed: {}", ctx.request().remoteAddress(), ctx.request().path(),
        ServiceLauncher.oneLine(cause));
    if (asJson) {
      json(ctx, 500, new JsonObject().put("error", FingerProtocol.INTERNAL_ERROR));
    } else {
      html(ctx, 500, "finger: error", "error", "<p>" + Html.escape(FingerProtocol.INTERNAL_ERROR) + "</p>\n");
    }
  }
}
