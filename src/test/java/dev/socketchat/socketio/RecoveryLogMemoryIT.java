package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.ServerHeap;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.StandaloneProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broadcasts the standalone jar keeps for Socket.IO connection state recovery go once their retention (the resume
 * window plus a ping interval and its timeout) has passed, also when nobody speaks after them: a burst of chat in many
 * rooms followed by silence leaves the heap as it was before.
 */
class RecoveryLogMemoryIT {
  private static final int ROOMS = 10;
  /** As many as a room keeps ({@link PacketLog#ROOM_CAP}): together several megabytes of rendered packets. */
  private static final int MESSAGES_PER_ROOM = PacketLog.ROOM_CAP;
  /** Far less than the burst holds (about 0.5 KB a packet, 10,000 packets), more than the heap wanders by itself. */
  private static final long HEAP_GROWTH_LIMIT = 2L << 20;
  /** Ample for 10,000 messages on a loaded machine. */
  private static final Duration HANDLED_WITHIN = Duration.ofSeconds(60);
  /** The retention is 22 s (a long ping timeout, for a page busy sending); the rest is for full GCs. */
  private static final Duration FORGOTTEN_WITHIN = Duration.ofSeconds(60);
  private static final Map<String, String> SETTINGS =
      Map.of(
          "socketchat.session.resume-window", "1000",
          "socketchat.socketio.ping-interval", "1000",
          "socketchat.socketio.ping-timeout", "20000",
          "socketchat.limits.messages-per-second", "100000",
          "socketchat.limits.message-burst", "100000");

  @Test
  void aBurstOfChatFollowedBySilenceIsForgottenOnceItsRetentionPasses() throws Exception {
    try (StandaloneProcess server = StandaloneProcess.start("socketio-recovery-log-memory", SETTINGS)) {
      chat(server, "warm-up", 1);
      long before = heapAfterGc(server);

      List<SocketIoClient> pages = new ArrayList<>();
      try {
        for (int room = 0; room < ROOMS; room++) {
          pages.add(join(server, "room-" + room));
        }
        for (SocketIoClient page : pages) {
          for (int i = 1; i < MESSAGES_PER_ROOM; i++) {
            page.emit("chatting", "x".repeat(100) + i);
          }
        }
        for (SocketIoClient page : pages) {
          // acks come back in order, so the last one says every message before it was handled
          Object ack = page.emitForAck("chatting", "last").get(HANDLED_WITHIN.toSeconds(), TimeUnit.SECONDS);
          assertThat(ack).hasToString("{\"status\":true}");
        }
      } finally {
        pages.forEach(SocketIoClient::close);
      }

      Eventually.await(
          FORGOTTEN_WITHIN,
          () -> heapAfterGc(server),
          heap -> heap < before + HEAP_GROWTH_LIMIT,
          "the heap (after a full GC) back within " + HEAP_GROWTH_LIMIT + " bytes of the " + before
              + " it held before the burst, nobody having spoken since");
    }
  }

  private static void chat(StandaloneProcess server, String room, int messages) {
    try (SocketIoClient page = join(server, room)) {
      for (int i = 0; i < messages; i++) {
        assertThat(page.ask("chatting", "hello " + i).optBoolean("status")).isTrue();
      }
    }
  }

  private static SocketIoClient join(StandaloneProcess server, String room) {
    SocketIoClient page = SocketIoClient.open(server, "kim", room, "websocket").awaitConnected();
    assertThat(page.ask("join_room", SocketIoClient.json("type", 1)).optBoolean("status")).isTrue();
    return page;
  }

  private static long heapAfterGc(StandaloneProcess server) {
    try {
      return ServerHeap.afterGc(server.process());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
