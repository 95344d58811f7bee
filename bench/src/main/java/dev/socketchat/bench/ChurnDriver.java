package dev.socketchat.bench;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The churn scenario inside one generator process: one anchor user keeps each room alive while churners cycle
 * connect → join → chat (until their own message comes back) → exit → disconnect as fast as the server lets them.
 * At the end everyone leaves, so the server must be back to zero rooms and sessions.
 */
final class ChurnDriver implements ChatUser.Events {
  private static final long STEP_TIMEOUT = TimeUnit.SECONDS.toNanos(10);

  private final EventLoop loop;
  private final Protocol protocol;
  private final Connection.Factory connections;
  private final List<Room> rooms = new ArrayList<>();
  private final List<ChatUser> anchors = new ArrayList<>();
  private final int churners;
  private final int firstChurner;
  private final Histogram cycleMicros = new Histogram();
  private final byte[] text = new byte[64];
  private List<Target> targets;
  private List<InetAddress> sources;
  private long cycles;
  private long errors;
  private String firstError;
  private long maxCycles;
  private long deadline;
  private int running;
  private CompletableFuture<String> result;

  /** One churner's current cycle. */
  private final class Cycle {
    final int churner;
    final long number;
    final long began = System.nanoTime();
    final ChatUser user;
    EventLoop.Timer timeout;
    boolean echoed;
    Runnable onEcho;

    Cycle(int churner, long number) {
      this.churner = churner;
      this.number = number;
      Room room = rooms.get((int) ((churner + number) % rooms.size()));
      this.user = ChatUser.of(protocol, connections, churner, "c" + (firstChurner + churner), room, ChurnDriver.this);
    }
  }

  ChurnDriver(EventLoop loop, Protocol protocol, Connection.Factory connections, int firstRoom, int roomCount,
      int firstChurner, int churners) {
    this.loop = loop;
    this.protocol = protocol;
    this.connections = connections;
    this.churners = churners;
    this.firstChurner = firstChurner;
    for (int r = 0; r < roomCount; r++) {
      Room room = new Room("churn-" + (firstRoom + r), 1);
      rooms.add(room);
      ChatUser anchor = ChatUser.of(protocol, connections, r, "a" + (firstRoom + r), room, this);
      room.creator = anchor;
      anchors.add(anchor);
    }
  }

  /** Seats the anchors, churns for {@code seconds} (or {@code maxCycles}), then everybody leaves. */
  CompletableFuture<String> run(List<Target> targets, List<InetAddress> sources, double seconds, long maxCycles) {
    this.targets = targets;
    this.sources = sources;
    this.maxCycles = maxCycles;
    result = new CompletableFuture<>();
    new Seating(loop, anchors, targets, sources, 1000, 100).start(30).thenAccept(outcome -> loop.execute(() -> {
      if (outcome.failed() > 0) {
        result.complete("error anchors_failed=" + outcome.failed() + " first_failure="
            + Worker.oneWord(String.valueOf(outcome.firstFailure())));
        return;
      }
      deadline = System.nanoTime() + (long) (seconds * 1e9);
      running = churners;
      for (int c = 0; c < churners; c++) {
        begin(c, 0);
      }
    }));
    return result;
  }

  private void begin(int churner, long number) {
    if (System.nanoTime() >= deadline || cycles + errors >= maxCycles) {
      if (--running == 0) {
        leave();
      }
      return;
    }
    Cycle cycle = new Cycle(churner, number);
    cycle.timeout = loop.schedule(STEP_TIMEOUT, () -> failed(cycle, "cycle timed out"));
    int slot = churner + (int) number;
    cycle.user.open(loop, targets.get(slot % targets.size()), sources.get(slot % sources.size()), opened -> {
      if (opened != null) {
        failed(cycle, opened);
        return;
      }
      cycle.user.join(joined -> {
        if (joined != null) {
          failed(cycle, joined);
          return;
        }
        cycle.onEcho = () -> cycle.user.exit(exited -> {
          if (exited != null) {
            failed(cycle, exited);
            return;
          }
          cycle.user.close(closed -> finished(cycle));
        });
        int length = Markers.write(text, 'c', churner, number, 24);
        cycle.user.cycle = cycle;
        cycle.user.say(text, length);
      });
    });
  }

  private void finished(Cycle cycle) {
    if (cycle.timeout.cancelled) {
      return;
    }
    cycle.timeout.cancel();
    cycles++;
    cycleMicros.record((System.nanoTime() - cycle.began) / 1000);
    begin(cycle.churner, cycle.number + 1);
  }

  private void failed(Cycle cycle, String why) {
    if (cycle.timeout.cancelled) {
      return;
    }
    cycle.timeout.cancel();
    errors++;
    if (firstError == null) {
      firstError = why;
    }
    cycle.user.abort(why);
    begin(cycle.churner, cycle.number + 1);
  }

  private void leave() {
    int[] left = {anchors.size()};
    if (left[0] == 0) {
      report();
      return;
    }
    EventLoop.Timer timeout = loop.schedule(TimeUnit.SECONDS.toNanos(15), this::report);
    for (ChatUser anchor : anchors) {
      Runnable gone = () -> {
        if (--left[0] == 0) {
          timeout.cancel();
          report();
        }
      };
      if (!anchor.isOpen()) {
        gone.run();
        continue;
      }
      anchor.exit(exited -> anchor.close(closed -> gone.run()));
    }
  }

  private void report() {
    result.complete("ok cycles=" + cycles + " errors=" + errors + " hist=" + cycleMicros.encode()
        + (firstError == null ? "" : " first_error=" + Worker.oneWord(firstError)));
  }

  @Override
  public void delivered(ChatUser user, byte[] bytes, int marker, int end, long nanos) {
    if (bytes[marker + 1] != 'c' || !(user.cycle instanceof Cycle cycle) || cycle.echoed) {
      return;
    }
    if (Markers.read(bytes, marker, end, 0) == cycle.churner && Markers.read(bytes, marker, end, 1) == cycle.number) {
      cycle.echoed = true;
      cycle.onEcho.run();
    }
  }

  @Override
  public void lost(ChatUser user, int code, String reason) {
    if (user.cycle instanceof Cycle cycle) {
      failed(cycle, "lost " + code + " " + reason);
    }
  }
}
