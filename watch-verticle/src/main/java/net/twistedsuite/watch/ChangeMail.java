package net.twistedsuite.watch;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The mail that tells the administrator a page's headline changed. */
final class ChangeMail {

  private static final int MAX_SUBJECT = 150;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private ChangeMail() {
  }

  static MailMessage of(WatchState.Change change, String from, String to) {
    String subject = Headlines.clean("New first article on " + change.url() + ": " + change.latest(), MAX_SUBJECT);
    StringBuilder text = new StringBuilder()
        .append("The first article on ").append(change.url()).append(" changed.\n\n")
        .append("Now:    ").append(change.latest()).append('\n');
    for (int i = change.after().size() - 2; i >= 0; i--) {
      text.append("Then:   ").append(change.after().get(i)).append('\n');
    }
    text.append("Before: ").append(change.before()).append("\n\n")
        .append("Seen first at ").append(WHEN.format(change.detected())).append(" by the watch service.\n");
    MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text.toString());
    message.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", messageId(change)));
    return message;
  }

  static String messageId(WatchState.Change change) {
    return "<" + change.id() + "@watch.twisted-suite>";
  }
}
