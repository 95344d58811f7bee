package dev.socketchat.domain;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Running totals of what the engine did, for metrics: refusals by reason, and what became of dropped sessions. */
public final class EngineTally {
  private final Map<Reason, LongAdder> refusals = new EnumMap<>(Reason.class);
  private final LongAdder suspended = new LongAdder();
  private final LongAdder resumed = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder replayed = new LongAdder();

  EngineTally() {
    for (Reason reason : Reason.values()) {
      refusals.put(reason, new LongAdder());
    }
  }

  /** Requests refused for this reason so far. */
  public long refusals(Reason reason) {
    return refusals.get(reason).sum();
  }

  /** Connections suspended after a drop, for their clients to resume. */
  public long suspended() {
    return suspended.sum();
  }

  /** Sessions resumed by a new connection. */
  public long resumed() {
    return resumed.sum();
  }

  /** Suspended sessions whose clients did not come back within the window. */
  public long expired() {
    return expired.sum();
  }

  /** Missed events replayed to resumed sessions. */
  public long replayed() {
    return replayed.sum();
  }

  void refuse(Reason reason) {
    refusals.get(reason).increment();
  }

  void suspend() {
    suspended.increment();
  }

  void resume() {
    resumed.increment();
  }

  void expire() {
    expired.increment();
  }

  void replay(int events) {
    replayed.add(events);
  }
}
