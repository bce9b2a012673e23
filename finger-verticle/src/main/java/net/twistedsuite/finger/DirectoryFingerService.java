package net.twistedsuite.finger;

import io.vertx.core.Future;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The finger server's own answers, from its sources in order of precedence: status updates from
 * the bus, then the users file, then the {@code users} of the configuration, then the local
 * accounts, then (for users none of them knows) the configured command. Forwarding is refused:
 * that is the proxy's job.
 *
 * <p>Answers: a user query gives the status; {@code /W} puts a {@code Login: user} line before
 * it. A local account is answered in the long form instead, with the status of the first three
 * sources as a line of its own; one that has opted out ({@code ~/.nofinger}) is answered as a
 * user nobody knows, by every source. The list (empty query, with or without {@code /W}) has one
 * {@code user: status} line per user, sorted by name (a local account without a status shows its
 * real name); the command is not asked for it.
 */
final class DirectoryFingerService implements FingerService {

  static final String NO_USERS = "No users";

  private final Function<String, String> updates;
  private final Supplier<Map<String, String>> updatesList;
  private final Supplier<Map<String, String>> fileUsers;
  private final Map<String, String> configUsers;
  private final CommandLookup command;
  private final boolean listUsers;
  private final LocalUsers local;

  DirectoryFingerService(StatusStore store, UsersFile file, Map<String, String> configUsers,
      CommandLookup command, boolean listUsers) {
    this(store, file, configUsers, null, command, listUsers);
  }

  /**
   * @param store status updates from the bus, or null for none
   * @param file the users file, or null for none
   * @param local the local accounts, or null for none
   * @param command the command for users no other source knows, or null for none
   */
  DirectoryFingerService(StatusStore store, UsersFile file, Map<String, String> configUsers,
      LocalUsers local, CommandLookup command, boolean listUsers) {
    this.updates = store == null ? user -> null : store::status;
    this.updatesList = store == null ? Map::of : store::statuses;
    this.fileUsers = file == null ? Map::of : file::users;
    this.configUsers = Map.copyOf(configUsers);
    this.command = command;
    this.listUsers = listUsers;
    this.local = local;
  }

  @Override
  public Future<String> answer(FingerQuery query) {
    switch (query.kind()) {
      case FORWARD:
        return Future.succeededFuture(FORWARDING_DENIED);
      case LIST:
        return listUsers ? list() : Future.succeededFuture(LIST_DENIED);
      case USER:
      default:
        return user(query);
    }
  }

  private Future<String> user(FingerQuery query) {
    String user = query.user();
    Account account = local == null ? null : local.account(user);
    if (account != null) {
      return local.optedOut(account).compose(optedOut -> optedOut ? Future.succeededFuture(NO_SUCH_USER)
          : local.longForm(account, known(user), query.verbose()));
    }
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

  private Future<String> list() {
    Map<String, String> all = new TreeMap<>(configUsers);
    all.putAll(fileUsers.get());
    all.putAll(updatesList.get());
    if (local == null) {
      return Future.succeededFuture(format(all));
    }
    return local.listable(all.keySet()).map(shown -> {
      all.keySet().removeIf(user -> local.account(user) != null && !shown.containsKey(user));
      shown.forEach((user, account) -> all.putIfAbsent(user, account.name()));
      return format(all);
    });
  }

  private static String format(Map<String, String> all) {
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
