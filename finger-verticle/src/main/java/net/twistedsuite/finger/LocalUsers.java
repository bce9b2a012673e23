package net.twistedsuite.finger;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The machine's own users as a finger source (the tutorial's local-users backend, and what
 * in.fingerd answers): accounts of the password database with a user id of at least
 * {@code local.minUid}, each answered in the {@link LongForm} with the files of its home
 * directory, read through {@link HomeFiles}. A user with {@code ~/.nofinger} is not there.
 */
final class LocalUsers {

  static final String NOFINGER = ".nofinger";
  static final String PROJECT = ".project";
  static final String PLAN = ".plan";
  static final String PGP_KEY = ".pgpkey";

  private final PasswdSource passwd;
  private final HomeFiles files;
  private final boolean listed;

  /** @param listed whether the list query shows every local account */
  LocalUsers(PasswdSource passwd, HomeFiles files, boolean listed) {
    this.passwd = passwd;
    this.files = files;
    this.listed = listed;
  }

  /** The account finger answers for, or null: unknown, a system account. */
  Account account(String login) {
    return passwd.account(login);
  }

  /** True when the user has asked not to be fingered. */
  Future<Boolean> optedOut(Account account) {
    return files.exists(Path.of(account.home(), NOFINGER));
  }

  /** The long form; {@code verbose} ({@code /W}) adds {@code ~/.pgpkey}. */
  Future<String> longForm(Account account, String status, boolean verbose) {
    Future<Optional<String>> project = read(account, PROJECT);
    Future<Optional<String>> plan = read(account, PLAN);
    Future<Optional<String>> pgpKey = verbose ? read(account, PGP_KEY) : Future.succeededFuture(Optional.empty());
    return Future.all(project, plan, pgpKey).map(all -> LongForm.of(account, status,
        project.result().orElse(null), plan.result().orElse(null), pgpKey.result().orElse(null)));
  }

  /**
   * Of {@code names} plus, when the list shows local accounts, every local account: the local
   * accounts that may be shown, by login (names that are no local account are left to the other
   * sources).
   */
  Future<Map<String, Account>> listable(Collection<String> names) {
    Set<String> candidates = new TreeSet<>(names);
    if (listed) {
      candidates.addAll(passwd.accounts().keySet());
    }
    List<Account> accounts = new ArrayList<>();
    List<Future<Boolean>> optedOut = new ArrayList<>();
    for (String name : candidates) {
      Account account = passwd.account(name);
      if (account != null) {
        accounts.add(account);
        optedOut.add(optedOut(account));
      }
    }
    return Future.all(optedOut).map(all -> {
      Map<String, Account> shown = new TreeMap<>();
      for (int i = 0; i < accounts.size(); i++) {
        if (!optedOut.get(i).result()) {
          shown.put(accounts.get(i).login(), accounts.get(i));
        }
      }
      return shown;
    });
  }

  /** Where the accounts come from, and how many there are, for the log. */
  String describe() {
    return passwd.accounts().size() + " from " + passwd.describe();
  }

  /** Whether the list query shows every local account, not only those another source knows. */
  boolean listed() {
    return listed;
  }

  private Future<Optional<String>> read(Account account, String name) {
    return files.read(Path.of(account.home(), name), account.uid());
  }
}
