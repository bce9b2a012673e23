package net.twistedsuite.status;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A request to set one user's status, sent to {@link StatusBus#SET}; checked on construction by
 * {@link UserName} and {@link StatusText}, so one that exists is one finger accepts. An empty
 * status clears the user's status (finger falls back to its other sources).
 */
public record StatusSet(String user, String status) {

  /**
   * @throws IllegalArgumentException with a one-line reason fit to send back to the client
   */
  public StatusSet {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("empty user name");
    }
    if (!UserName.isValid(user)) {
      throw new IllegalArgumentException("malformed user name: use " + UserName.RULE);
    }
    StatusText.check(status).ifPresent(problem -> {
      throw new IllegalArgumentException(problem.message());
    });
  }

  /** True when this update removes the user's status instead of setting one. */
  public boolean clears() {
    return status.isEmpty();
  }

  /** The body sent to {@link StatusBus#SET}. */
  public JsonObject toJson() {
    return new JsonObject().put(StatusBus.USER, user).put(StatusBus.STATUS, status);
  }
}
