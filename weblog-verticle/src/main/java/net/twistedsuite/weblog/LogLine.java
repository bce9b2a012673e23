package net.twistedsuite.weblog;

/** What one line of the access log turned out to be: a {@link Hit}, or {@link Unparsed} text. */
sealed interface LogLine permits Hit, Unparsed {
}
