package net.twistedsuite.finger;

import io.vertx.core.Future;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The finger server's own answers, from its sources in order of precedence: status updates from
 * the bus, then the users file, then the {@code users} of the configuration, then (for users
 * none of them knows) the configured command. Forwarding is refused: that is the proxy's job.
 *
 * <p>Answers: a user query gives the status; {@code /W} puts a {@code Login: user} line before
 * it. The list (empty query, with or without {@code /W}) has one {@code user: status} line per
 * user, sorted by name; the command is not asked for it.
 */
final class DirectoryFingerService implements FingerService {

  static final String NO_USERS = "No users";

  private final Function<String, String> updates;
  private final Supplier<Map<String, String>> updatesList;
  private final Supplier<Map<String, String>> fileUsers;
  private final Map<String, String> configUsers;
  private final CommandLookup command;
  private final boolean listUsers;

  /**
   * @param store status updates from the bus, or null for none
   * @param file the users file, or null for none
   * @param command the command for users no other source knows, or null for none
   */
  DirectoryFingerService(StatusStore store, UsersFile file, Map<String, String> configUsers,
      CommandLookup command, boolean listUsers) {
    this.updates = store == null ? user -> null : store::status;
    this.updatesList = store == null ? Map::of : store::statuses;
    this.fileUsers = file == null ? Map::of : file::users;
    this.configUsers = Map.copyOf(configUsers);
    this.command = command;
    this.listUsers = listUsers;
  }

  @Override
  public Future<String> answer(FingerQuery query) {
    switch (query.kind()) {
      case FORWARD:
        return Future.succeededFuture(FORWARDING_DENIED);
      case LIST:
        return Future.succeededFuture(listUsers ? list() : LIST_DENIED);
      case USER:
      default:
        return user(query);
    }
  }

  private Future<String> user(FingerQuery query) {
    String user = query.user();
    String status = known(user);
    Future<String> answer;
    if (status != null) {
      answer = Future.succeededFuture(status);
    } else if (command != null) {
      answer = command.run(user);
    } else {
      return Future.succeededFuture(NO_SUCH_USER);
    }
    return query.verbose() ? answer.map(text -> "Login: " + user + "\n" + text) : answer;
  }

  private String known(String user) {
    String status = updates.apply(user);
    if (status == null) {
      status = fileUsers.get().get(user);
    }
    return status != null ? status : configUsers.get(user);
  }

  private String list() {
    Map<String, String> all = new TreeMap<>(configUsers);
    all.putAll(fileUsers.get());
    all.putAll(updatesList.get());
    if (all.isEmpty()) {
      return NO_USERS;
    }
    StringBuilder out = new StringBuilder();
    // One line per user even when a status from the configuration spans several.
    all.forEach((user, status) -> out.append(user).append(": ")
        .append(status.replaceAll("[\\r\\n]+", " ")).append('\n'));
    return out.toString();
  }
}
