package dev.bulwark.operator.writes;

/** What became of one planned write of an owned object. */
public enum WriteOutcome {
  /** Written where it was missing, stale or not yet Bulwark's: creation, deletion, first apply. */
  WRITTEN,
  /** Put back after someone changed it while it was in line: a drift repair. */
  REPAIRED,
  /** Left as it is for now: its repair backoff runs (another writer keeps changing it back). */
  DEFERRED,
  /** The API server refused the write, now or at the last attempt whose retry is not yet due. */
  REFUSED
}
