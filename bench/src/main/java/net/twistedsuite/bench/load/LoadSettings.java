package net.twistedsuite.bench.load;

import java.net.InetSocketAddress;

/**
 * What the settings of every load on one selector say: where to connect, how many connections
 * at once, how long to warm up and then to measure, and how long one request may take before its
 * connection is given up and opened again. Each load's own settings add what it sends.
 */
interface LoadSettings {

  InetSocketAddress address();

  int concurrency();

  double warmupSeconds();

  double measureSeconds();

  double timeoutSeconds();
}
