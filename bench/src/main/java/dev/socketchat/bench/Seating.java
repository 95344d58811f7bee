package dev.socketchat.bench;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens users' connections at a bounded rate and concurrency and puts each into its room (the first user of a room
 * creates it, the others join once it exists), then reports how many made it. Runs on the event loop.
 */
final class Seating {
  /** The outcome: how many users are seated, how many failed, the first failure, how long it took. */
  record Outcome(int seated, int failed, String firstFailure, long nanos) {}

  private final EventLoop loop;
  private final List<ChatUser> users;
  private final List<Target> targets;
  private final List<InetAddress> sources;
  private final double perSecond;
  private final int maxInFlight;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private int started;
  private int inFlight;
  private int seated;
  private int failed;
  private String firstFailure;
  private long begin;

  Seating(EventLoop loop, List<ChatUser> users, List<Target> targets, List<InetAddress> sources, double perSecond,
      int maxInFlight) {
    this.loop = loop;
    this.users = users;
    this.targets = targets;
    this.sources = sources;
    this.perSecond = perSecond;
    this.maxInFlight = maxInFlight;
  }

  /** Starts seating everyone; the result completes when all are seated or failed, or after {@code timeoutSeconds}. */
  CompletableFuture<Outcome> start(long timeoutSeconds) {
    loop.execute(
        () -> {
          begin = System.nanoTime();
          loop.schedule(TimeUnit.SECONDS.toNanos(timeoutSeconds), () -> finish("timed out"));
          if (users.isEmpty()) {
            finish(null);
            return;
          }
          loop.tick(this::openDue);
        });
    return outcome;
  }

  private void openDue() {
    long allowed = (long) ((System.nanoTime() - begin) / 1e9 * perSecond) + 1;
    while (started < users.size() && started < allowed && inFlight < maxInFlight) {
      ChatUser user = users.get(started);
      int slot = user.index;
      started++;
      inFlight++;
      user.open(loop, targets.get(slot % targets.size()), sources.get(slot % sources.size()), failure -> {
        if (failure != null) {
          done(failure);
        } else if (user != user.room.creator) {
          user.room.whenCreated(() -> user.join(this::done));
        } else {
          user.create(failure2 -> {
            if (failure2 == null) {
              user.room.markCreated();
            }
            done(failure2);
          });
        }
      });
    }
    if (started == users.size()) {
      loop.tick(null);
    }
  }

  private void done(String failure) {
    inFlight--;
    if (failure == null) {
      seated++;
    } else {
      failed++;
      if (firstFailure == null) {
        firstFailure = failure;
      }
    }
    if (seated + failed == users.size()) {
      finish(null);
    }
  }

  private void finish(String why) {
    if (outcome.isDone()) {
      return;
    }
    loop.tick(null);
    if (why != null) {
      int missing = users.size() - seated - failed;
      failed += missing;
      if (firstFailure == null && missing > 0) {
        firstFailure = why;
      }
    }
    outcome.complete(new Outcome(seated, failed, firstFailure, System.nanoTime() - begin));
  }
}
