package net.twistedsuite.common;

/**
 * Keeps the heap pages that start-up touches few. Started with {@code java -jar} and no option,
 * the JVM sizes its heap from the machine (1/64 of physical memory: 384 MiB on a 24 GB machine,
 * a young generation of 128 MiB of which eden is 100 MiB), and allocation walks up through eden
 * until the first collection, so every page start-up reaches stays resident. The Serial collector
 * (the JVM's choice on one core) never gives young-generation pages back, and no flag that sizes
 * the young generation can be changed at run time. Start-up allocates about 60 MiB of eden before
 * its first answer, nearly all of it garbage (class files read from the jar, inflater buffers,
 * lambda forms). A full collection at the end of each phase of start-up moves the few live
 * megabytes into the old generation and starts eden from its bottom again, so the pages touched
 * are those of the largest phase, not of all of them: finger's idle resident memory went from
 * 128-131 to 104-110 MiB (pinned to one core, three starts each). Each collection takes 10-30 ms
 * of start-up; the live heap is 5-6 MiB.
 */
final class StartupHeap {

  private StartupHeap() {
  }

  /** Ends a phase of start-up; later allocation reuses the same eden pages. */
  static void phaseDone() {
    System.gc();
  }
}
