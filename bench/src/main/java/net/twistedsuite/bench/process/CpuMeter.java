package net.twistedsuite.bench.process;

/**
 * CPU seconds spent by a set of processes (and by this one) between {@link #start} and
 * {@link #stop}, read from {@code /proc}. Load generators call it at the edges of their measured
 * window so that warm-up is not charged.
 */
public final class CpuMeter {

  private final long[] pids;
  private final int ticksPerSecond;
  private final double[] before;
  private final double[] spent;
  private final double[] userBefore;
  private final double[] userSpent;
  private double selfBefore;
  private double selfSpent;

  public CpuMeter(int ticksPerSecond, long... pids) {
    this.pids = pids.clone();
    this.ticksPerSecond = ticksPerSecond;
    this.before = new double[pids.length];
    this.spent = new double[pids.length];
    this.userBefore = new double[pids.length];
    this.userSpent = new double[pids.length];
  }

  public void start() {
    for (int i = 0; i < pids.length; i++) {
      before[i] = read(pids[i]);
      userBefore[i] = readUser(pids[i]);
    }
    selfBefore = read(ProcessHandle.current().pid());
  }

  public void stop() {
    for (int i = 0; i < pids.length; i++) {
      spent[i] = read(pids[i]) - before[i];
      userSpent[i] = readUser(pids[i]) - userBefore[i];
    }
    selfSpent = read(ProcessHandle.current().pid()) - selfBefore;
  }

  /** CPU seconds of the i-th process given to the constructor; NaN if none or /proc could not be read. */
  public double spent(int i) {
    return i < spent.length ? spent[i] : Double.NaN;
  }

  /** The part of {@link #spent} the i-th process spent in user mode; the rest was the kernel's. */
  public double userSpent(int i) {
    return i < userSpent.length ? userSpent[i] : Double.NaN;
  }

  /** CPU seconds of the load generator itself. */
  public double selfSpent() {
    return selfSpent;
  }

  private double readUser(long pid) {
    try {
      return ProcStats.userSeconds(pid, ticksPerSecond);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private double read(long pid) {
    try {
      return ProcStats.cpuSeconds(pid, ticksPerSecond);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
