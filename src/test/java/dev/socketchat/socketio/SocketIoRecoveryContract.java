package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.MoveAsConnectionFails;
import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket.IO connection state recovery, with the npm socket.io-client as it is: its connection to the server goes
 * through a relay that the test cuts (a reset both ways) or freezes (silence until the heartbeat gives up) the way a
 * network does. The server runs with a resume window of a few seconds.
 */
abstract class SocketIoRecoveryContract {
  private DroppingProxy relay;

  /** The server under test. */
  abstract ServerUnderTest server();

  @BeforeEach
  void startRelay() throws Exception {
    relay = DroppingProxy.to(server().socketIoOrigin().getPort());
  }

  @AfterEach
  void stopRelay() throws Exception {
    relay.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void theNpmClientRecoversADroppedConnectionWithWhatItMissedOnceAndInOrder(String transport) {
    String direct = server().socketIoOrigin().toString().replaceFirst("^http", "ws");
    String relayed = direct.replace(":" + server().socketIoOrigin().getPort(), ":" + relay.port());
    NodeScript.run(
        "recovery.mjs",
        request -> {
          switch (request) {
            case "cut" -> relay.cut();
            case "freeze" -> relay.freeze();
            default -> throw new AssertionError("the script asked for " + request);
          }
          return request;
        },
        direct,
        relayed,
        server().socketIoPath(),
        "recovery",
        transport);
  }

  /**
   * An entry notice goes out on {@code chatting} and then on {@code join_room}; a connection cut between the two (the
   * script relays it itself, to cut right after the first) recovers the second, as Socket.IO's own server does.
   */
  @Test
  void aConnectionCutBetweenAnEntryNoticesTwoPacketsRecoversTheSecond() {
    NodeScript.run(
        "entry-recovery.mjs",
        server().socketIoOrigin().toString().replaceFirst("^http", "ws"),
        server().socketIoPath(),
        "entry-cut");
  }

  /**
   * A socket that moves to another room ({@code join_room}, leaving its room silently) as its connection fails is
   * recovered with what its old room said to it before the move and never reached it, and nothing said there after.
   */
  @Test
  void aSocketThatMovedAsItsConnectionFailedGetsWhatItsOldRoomSaidToItBeforeTheMove() {
    MoveAsConnectionFails.play(server(), relay, server());
  }

  @Test
  void theConnectAnswerCarriesAPrivateIdAndBroadcastsTheirOffset() {
    try (EngineIoSocket page = EngineIoSocket.open(server(), "name=kim&room=offsets", true)) {
      String answer = page.connectNamespace();
      assertThat(answer).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"pid\":\"[A-Za-z0-9_-]{24}\"}");
      page.send("42[\"join_room\",{\"type\":1}]").send("42[\"chatting\",\"hi\"]");
      assertThat(page.next()).matches("42\\[\"chatting\",\\{.*\"msg\":\"hi\".*},\"[0-9]+\"]");
    }
  }
}
