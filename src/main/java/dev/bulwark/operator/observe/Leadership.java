package dev.bulwark.operator.observe;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this process leads: always once started when leader election is off; with it, from the
 * Lease's start-leading callback on. Read by the leader metric and the readiness check.
 */
public final class Leadership {

  private final boolean elected;
  private final AtomicBoolean leading = new AtomicBoolean();

  /** {@code elected}: whether the process takes a Lease before it reconciles. */
  public Leadership(boolean elected) {
    this.elected = elected;
  }

  /** This process took the Lease (or, without leader election, started its controllers). */
  public void startedLeading() {
    leading.set(true);
  }

  /** This process lost the Lease. */
  public void stoppedLeading() {
    leading.set(false);
  }

  /** Whether this process reconciles now. */
  public boolean leading() {
    return leading.get();
  }

  /** Whether this process waits for the Lease, ready to take over. */
  public boolean standby() {
    return elected && !leading.get();
  }
}
