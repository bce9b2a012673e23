package net.twistedsuite.common;

/**
 * Keeps the heap pages that start-up touches few. Started with {@code java -jar} and no option,
 * the JVM sizes its heap from the machine (1/64 of physical memory: 384 MiB on a 24 GB machine,
 * a young generation of 128 MiB of which eden is 100 MiB), and allocation walks up through eden
 * until the first collection, so every page start-up reaches stays resident. Start-up allocates
 * about 60 MiB before the first answer, nearly all of it garbage (class files read from the jar,
 * inflater buffers, lambda forms). A full collection at the end of each phase of start-up moves
 * the few live megabytes (5-6 MiB) into the old generation and starts eden from its bottom again,
 * so the pages touched are those of the largest phase, not of all: finger idles at 104-110 MiB
 * instead of 128-131 (one core, three starts each), for 10-30 ms of start-up per collection.
 *
 * <p>This bounds the memory of a service that starts and then sees little work; it does not
 * bound the young generation. Under load eden fills to its end before the first young
 * collection (finger allocates about 17 KiB per query, so after some 5,000 queries), and the
 * Serial collector (the JVM's choice on one core) never gives young-generation pages back, nor
 * can a flag that sizes the young generation be changed at run time. What bounds that is a
 * smaller heap: a container memory limit, from which the JVM sizes it, or {@code -Xmn}.
 */
final class StartupHeap {

  private StartupHeap() {
  }

  /** Ends a phase of start-up; later allocation reuses the same eden pages. */
  static void phaseDone() {
    System.gc();
  }
}
