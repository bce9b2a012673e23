package net.twistedsuite.weblog;

/**
 * One line of the log as it was written, without its line ending. {@code truncated} marks a line
 * that was longer than the limit and holds only its beginning.
 */
record RawLine(byte[] bytes, boolean truncated) {
}
