package dev.socketchat.connection;

import static dev.socketchat.testing.Requests.list;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.PingFlood;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.ServerUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On Tomcat, which writes the pong for a client's ping in blocking mode on the request thread that read it, clients
 * that ping and never read hold those threads only as long as a reader that takes nothing is given (the stall
 * timeout), not Tomcat's own 20 s: with as many of them as the server has request threads, the server still serves
 * everybody else within moments.
 */
abstract class PingFloodContract {
  /** As many request threads as Tomcat takes at least (its spare threads are 10), and as many pingers. */
  private static final int THREADS = 10;

  /** The settings the server runs with: Tomcat's request threads, and a short stall timeout. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "socketchat.http.maxThreads", String.valueOf(THREADS),
          "socketchat.outbox.stall-timeout", "2000");

  /** The Tomcat under test, started with {@link #SETTINGS}. */
  abstract ServerUnderTest server();

  @Test
  void clientsThatPingAndNeverReadAreCutWithinTheStallTimeoutNotTomcatsTwentySeconds() throws Exception {
    try (ChatClient other = ChatClient.connect(server()).as("other")) {
      other.send(list());
      other.expectOk("SERVER_ROOM_LIST");
      List<RawWebSocket> pingers = new ArrayList<>();
      List<CompletableFuture<Integer>> floods = new ArrayList<>();
      // the pingers' writes block on purpose until the server cuts them: each has a thread of its own
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        for (int i = 0; i < THREADS; i++) {
          RawWebSocket pinger = RawWebSocket.open(server().chat(), 4096);
          pingers.add(pinger);
          floods.add(CompletableFuture.supplyAsync(() -> PingFlood.untilCut(pinger, 200), threads));
        }
        // Tomcat's own timeout would hold each request thread 20 s; the stall timeout is 2 s
        CompletableFuture.allOf(floods.toArray(CompletableFuture[]::new)).get(12, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> flood : floods) {
          assertThat(flood.join()).as("batches a pinger sent before the server cut it").isLessThan(200);
        }
      } finally {
        for (RawWebSocket pinger : pingers) {
          pinger.close();
        }
        threads.shutdownNow();
      }
      other.send(list());
      assertThat(other.expectOk("SERVER_ROOM_LIST")).as("the member who reads is still served").isNotNull();
      try (ChatClient fresh = ChatClient.connect(server()).as("fresh")) {
        fresh.send(list());
        assertThat(fresh.expectOk("SERVER_ROOM_LIST")).as("a new client is served").isNotNull();
      }
    }
  }
}
