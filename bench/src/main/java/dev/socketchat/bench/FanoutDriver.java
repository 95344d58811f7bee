package dev.socketchat.bench;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out scenario inside one generator process: R rooms of M users, seated and proven seated by a probe message
 * every member must receive; then steps in which every user says a message at a fixed rate (open loop, evenly spread)
 * whose text carries the step and the send time, while every delivery is counted and timed.
 */
final class FanoutDriver implements ChatUser.Events {
  private static final int MAX_STEPS = 256;
  private static final int PROBE_ROUNDS = 20;

  private final EventLoop loop;
  private final List<Room> rooms = new ArrayList<>();
  private final List<ChatUser> users = new ArrayList<>();
  private final ChatUser[] sendOrder;
  private final int members;
  private final long[] sent = new long[MAX_STEPS];
  private final long[] received = new long[MAX_STEPS];
  private final Histogram[] latency = new Histogram[MAX_STEPS];
  private final byte[] text = new byte[256];
  private long lost;
  private long strays;

  FanoutDriver(EventLoop loop, Protocol protocol, Connection.Factory connections, int firstRoom, int roomCount,
      int members) {
    this.loop = loop;
    this.members = members;
    for (int r = 0; r < roomCount; r++) {
      Room room = new Room("fan-" + (firstRoom + r), members);
      rooms.add(room);
      for (int m = 0; m < members; m++) {
        ChatUser user = ChatUser.of(protocol, connections, users.size(), "u" + m, room, this);
        if (m == 0) {
          room.creator = user;
        }
        users.add(user);
      }
    }
    sendOrder = new ChatUser[users.size()];
    for (int k = 0; k < sendOrder.length; k++) {
      sendOrder[k] = users.get((k % roomCount) * members + (k / roomCount) % members);
    }
    for (int i = 0; i < MAX_STEPS; i++) {
      latency[i] = new Histogram();
    }
  }

  /** Seats everyone, then probes every room until each member has heard from it; answers the worker's result line. */
  CompletableFuture<String> setup(List<Target> targets, List<InetAddress> sources, long timeoutSeconds) {
    Seating seating = new Seating(loop, users, targets, sources, 2000, 500);
    return seating.start(timeoutSeconds).thenCompose(outcome -> probe().thenApply(settled ->
        "ok connections=" + outcome.seated() + " failed=" + outcome.failed() + " settled_rooms=" + settled
            + " setup_ms=" + TimeUnit.NANOSECONDS.toMillis(outcome.nanos())
            + (outcome.firstFailure() == null ? "" : " first_failure=" + Worker.oneWord(outcome.firstFailure()))));
  }

  private CompletableFuture<Integer> probe() {
    CompletableFuture<Integer> settled = new CompletableFuture<>();
    loop.execute(() -> probeRound(0, settled));
    return settled;
  }

  private void probeRound(int round, CompletableFuture<Integer> settled) {
    int done = 0;
    for (int r = 0; r < rooms.size(); r++) {
      Room room = rooms.get(r);
      if (room.settled) {
        done++;
        continue;
      }
      room.probeRound = round;
      room.probeHits = 0;
      ChatUser first = users.get(r * members);
      if (round < PROBE_ROUNDS && first.isOpen()) {
        int length = Markers.write(text, 'p', round, r, 16);
        first.say(text, length);
      }
    }
    if (done == rooms.size() || round >= PROBE_ROUNDS) {
      settled.complete(done);
      return;
    }
    loop.schedule(TimeUnit.MILLISECONDS.toNanos(round < 3 ? 300 : 1000), () -> probeRound(round + 1, settled));
  }

  /** Runs one step: {@code rate} messages per user per second for {@code seconds}, then waits for stragglers. */
  CompletableFuture<String> step(int step, double rate, double seconds, double drainSeconds, int size) {
    CompletableFuture<String> result = new CompletableFuture<>();
    loop.execute(() -> {
      Histogram lag = new Histogram();
      long start = System.nanoTime();
      double perNano = users.size() * rate / 1e9;
      long total = (long) Math.floor(users.size() * rate * seconds);
      long[] count = {0};
      loop.tick(() -> {
        long now = System.nanoTime();
        long due = Math.min(total, (long) ((now - start) * perNano) + 1);
        while (count[0] < due) {
          ChatUser user = sendOrder[(int) (count[0] % sendOrder.length)];
          long scheduled = start + (long) (count[0] / perNano);
          long at = System.nanoTime();
          lag.record(Math.max(0, at - scheduled) / 1000);
          int length = Markers.write(text, 'b', step, at, size);
          if (user.isOpen()) {
            user.say(text, length);
          }
          sent[step]++;
          count[0]++;
        }
        if (count[0] >= total) {
          loop.tick(null);
          long deadline = System.nanoTime() + (long) (drainSeconds * 1e9);
          awaitDrain(step, deadline, lag, result);
        }
      });
    });
    return result;
  }

  private void awaitDrain(int step, long deadline, Histogram lag, CompletableFuture<String> result) {
    if (received[step] >= sent[step] * members || System.nanoTime() >= deadline) {
      Histogram h = latency[step];
      result.complete("ok sent=" + sent[step] + " expected=" + sent[step] * members + " received=" + received[step]
          + " lost_connections=" + lost + " strays=" + strays + " lag_p99_us=" + lag.percentile(0.99)
          + " lag_max_us=" + lag.max() + " hist=" + h.encode());
      return;
    }
    loop.schedule(TimeUnit.MILLISECONDS.toNanos(10), () -> awaitDrain(step, deadline, lag, result));
  }

  @Override
  public void delivered(ChatUser user, byte[] bytes, int marker, int end, long nanos) {
    byte kind = bytes[marker + 1];
    if (kind == 'b') {
      int step = (int) Markers.read(bytes, marker, end, 0);
      long sentAt = Markers.read(bytes, marker, end, 1);
      if (step < 0 || step >= MAX_STEPS || sentAt < 0) {
        strays++;
        return;
      }
      received[step]++;
      latency[step].record((nanos - sentAt) / 1000);
    } else if (kind == 'p') {
      Room room = user.room;
      if (Markers.read(bytes, marker, end, 0) == room.probeRound && !room.settled && ++room.probeHits >= room.size) {
        room.settled = true;
      }
    }
  }

  @Override
  public void lost(ChatUser user, int code, String reason) {
    lost++;
  }

  List<ChatUser> users() {
    return users;
  }
}
