package dev.socketchat.connection;

import static dev.socketchat.testing.Requests.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Signals;
import dev.socketchat.testing.StandaloneProcess;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heartbeat timeout is kept to the second, however far apart the pings are. */
class HeartbeatIT {
  private static final Duration INTERVAL = Duration.ofSeconds(4);
  private static final Duration TIMEOUT = Duration.ofMillis(4100);
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-heartbeat",
            Map.of(
                "socketchat.heartbeat.interval", Long.toString(INTERVAL.toMillis()),
                "socketchat.heartbeat.timeout", Long.toString(TIMEOUT.toMillis())));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWith1001AtTheTimeoutNotAtTheNextPing() throws Exception {
    long opened = System.nanoTime();
    try (RawWebSocket silent = RawWebSocket.open(server.chat(), 65536)) {
      assertThat(silent.awaitCloseCode(TIMEOUT.multipliedBy(2))).isEqualTo(1001);
    }
    // the first ping finds it silent for less than the timeout, the second for twice the interval: the close must
    // come from the timeout itself, within the check's second of it
    assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(INTERVAL.multipliedBy(2).minusSeconds(1));
  }

  /**
   * On the standalone runner a client's own pings are a sign of life, though the container answers them without
   * telling the server (the frame guard in front of it notes them): a client that only pings, and answers none of the
   * server's pings, stays open.
   */
  @Test
  void aConnectionThatOnlyPingsStaysOpenPastTheTimeout() throws Exception {
    try (RawWebSocket pinger = RawWebSocket.open(server.chat(), 65536)) {
      for (int round = 0; round < 6; round++) { // three timeouts in all, a ping every half timeout
        pinger.sendFrame(0x89, ("ping " + round).getBytes(StandardCharsets.UTF_8));
        // its pong, and the server's pings, pass; then nothing more for half a timeout: no close meanwhile
        assertThatThrownBy(() -> pinger.awaitCloseCode(TIMEOUT.dividedBy(2)))
            .as("round %d: still open", round)
            .isInstanceOf(SocketTimeoutException.class);
      }
      pinger.sendText("{\"type\":\"CLIENT_ROOM_LIST\"}");
      assertThat(pinger.nextText(TIMEOUT)).contains("SERVER_ROOM_LIST");
    }
  }

  @Test
  void aConnectionThatKeepsTalkingStaysOpenPastTheTimeout() {
    try (ChatClient talker = ChatClient.connect(server).as("talker")) {
      int room = talker.createRoom("heartbeat");
      for (int round = 0; round < 6; round++) { // three timeouts in all, a frame every half timeout
        assertThat(talker.closed()).as("round %d", round).failsWithin(TIMEOUT.dividedBy(2));
        talker.send(chat(room, "talker", "still here " + round));
        assertThat(talker.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here " + round);
      }
    }
  }

  /**
   * A server that stood still (a long garbage collection, a frozen process) for longer than the timeout does not blame
   * its peers for the silence it could not hear: the time it stood still does not count against them, so a live
   * client stays, and one that answers nothing is still closed, a timeout later.
   */
  @Test
  void aServerThatStoodStillLongerThanTheTimeoutKeepsItsLiveClientsAndClosesOnlyTheSilentOnes() throws Exception {
    try (ChatClient live = ChatClient.connect(server).as("patient");
        RawWebSocket silent = RawWebSocket.open(server.chat(), 65536)) {
      int room = live.createRoom("after a standstill");
      Signals.freeze(server.process());
      try {
        assertThat(live.closed()).as("while the server is frozen").failsWithin(TIMEOUT.multipliedBy(2));
      } finally {
        Signals.thaw(server.process());
      }
      assertThat(silent.awaitCloseCode(TIMEOUT.multipliedBy(2))).as("the silent one's close").isEqualTo(1001);
      assertThat(live.closed()).as("the live one, a timeout after the thaw").isNotDone();
      live.send(chat(room, "patient", "still here"));
      assertThat(live.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");
      assertThat(server.log()).contains("the server stood still for");
    }
  }
}
