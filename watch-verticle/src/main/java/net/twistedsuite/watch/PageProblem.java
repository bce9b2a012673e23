package net.twistedsuite.watch;

/**
 * Why a page gave no headline this round: an expected outcome (a timeout, an error status, a
 * page too large, no matching element), logged as one line without a stack trace.
 */
final class PageProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  PageProblem(String message) {
    super(message, null, false, false);
  }
}
