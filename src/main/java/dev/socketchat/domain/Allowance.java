package dev.socketchat.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a client may ask of the engine, and how often it was refused in a row: the flood limits of one transport
 * connection, which every engine connection it opens shares (a Socket.IO connection's sockets, one after another), so
 * that connecting a socket again on it starts no fresh burst.
 */
public final class Allowance {
  private static final VarHandle REFUSED_IN_A_ROW;

  static {
    try {
      REFUSED_IN_A_ROW = MethodHandles.lookup().findVarHandle(Allowance.class, "refusedInARow", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final TokenBucket messages;
  private final TokenBucket requests;
  private final int refusalsToClose;
  private volatile int refusedInARow;

  Allowance(FloodLimits limits) {
    long now = System.nanoTime();
    this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), now);
    this.requests = new TokenBucket(limits.requestsPerSecond(), limits.requestBurst(), now);
    this.refusalsToClose = limits.refusalsToClose();
  }

  /**
   * Lets a request through if the client is within its limits. A request let through ends a run of refusals only
   * when the last refusal is at least a token's time (1/rate) and a second old, the client having slowed down (a
   * flooder pausing a token's time between its bursts has not); one let through on a token that came back while it
   * went on asking faster than its limit does not: a flooder gets such a request through every time a token comes back
   * (30 times a second by default), and a server that reads it more slowly than 100 refusals between two of them
   * (Payara reads about 1,000 requests a second) would otherwise never close it.
   *
   * @throws Refusal {@link Reason#RATE_LIMITED} when it asks faster than its limits allow
   */
  void admit(Connection.Cost cost) {
    TokenBucket bucket = cost == Connection.Cost.MESSAGE ? messages : requests;
    long now = System.nanoTime();
    TokenBucket.Take took = bucket.take(now);
    if (took == TokenBucket.Take.WITHIN_LIMIT) {
      // a row ends once the other bucket is quiet too, else a frame of the other kind between bursts would end it;
      // asked only during a row, so a client within its limits pays one read for it
      if (refusedInARow != 0 && (cost == Connection.Cost.MESSAGE ? requests : messages).quiet(now)) {
        refusedInARow = 0;
      }
      return;
    }
    if (took == TokenBucket.Take.AT_LIMIT) {
      return;
    }
    REFUSED_IN_A_ROW.getAndAdd(this, 1);
    throw new Refusal(
        Reason.RATE_LIMITED,
        cost == Connection.Cost.MESSAGE
            ? "too many messages too fast; slow down"
            : "too many requests too fast; slow down");
  }

  /** Whether the client went on asking after so many refusals for flooding in a row that it should be closed. */
  boolean flooding() {
    return refusedInARow >= refusalsToClose;
  }
}
