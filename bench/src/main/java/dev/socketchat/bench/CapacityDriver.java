package dev.socketchat.bench;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The capacity scenario inside one generator process: many users, each seated in a room, then left idle. */
final class CapacityDriver implements ChatUser.Events {
  private final EventLoop loop;
  private final List<ChatUser> users = new ArrayList<>();
  private long lost;

  CapacityDriver(EventLoop loop, Protocol protocol, Connection.Factory connections, int firstUser, int count,
      int roomSize) {
    this.loop = loop;
    Room room = null;
    for (int j = 0; j < count; j++) {
      int global = firstUser + j;
      if (room == null || j % roomSize == 0) {
        room = new Room("cap-" + global / roomSize, roomSize);
      }
      ChatUser user = ChatUser.of(protocol, connections, j, "u" + global % roomSize, room, this);
      if (room.creator == null) {
        room.creator = user;
      }
      users.add(user);
    }
  }

  CompletableFuture<String> connect(List<Target> targets, List<InetAddress> sources, double perSecond,
      long timeoutSeconds) {
    return new Seating(loop, users, targets, sources, perSecond, 1000).start(timeoutSeconds).thenApply(outcome ->
        "ok connected=" + outcome.seated() + " failed=" + outcome.failed() + " connect_ms="
            + TimeUnit.NANOSECONDS.toMillis(outcome.nanos())
            + (outcome.firstFailure() == null ? "" : " first_failure=" + Worker.oneWord(outcome.firstFailure())));
  }

  /** Stays idle (answering the server's pings) for {@code seconds}; counts pings and lost connections. */
  CompletableFuture<String> idle(double seconds) {
    CompletableFuture<String> result = new CompletableFuture<>();
    loop.execute(() -> {
      long before = pings();
      long lostBefore = lost;
      loop.schedule((long) (seconds * 1e9), () -> result.complete(
          "ok pings=" + (pings() - before) + " lost=" + (lost - lostBefore) + " open=" + open()));
    });
    return result;
  }

  private long pings() {
    long total = 0;
    for (ChatUser user : users) {
      total += user.pings;
    }
    return total;
  }

  private long open() {
    return users.stream().filter(ChatUser::isOpen).count();
  }

  @Override
  public void delivered(ChatUser user, byte[] bytes, int marker, int end, long nanos) {}

  @Override
  public void lost(ChatUser user, int code, String reason) {
    lost++;
  }

  List<ChatUser> users() {
    return users;
  }
}
