package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.ServerUnderTest;
import jakarta.json.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
    String tag = Long.toString(System.nanoTime(), 36);
    String old = "old-" + tag;
    URI direct = Handshakes.socketIo(server());
    URI relayed = URI.create(direct.toString().replace(":" + direct.getPort() + "/", ":" + relay.port() + "/"));
    try (EngineIoSocket mover = EngineIoSocket.open(URI.create(relayed + "&name=mover&room=" + old), true);
        EngineIoSocket stayer = EngineIoSocket.open(server(), "name=stayer&room=" + old, true);
        EngineIoSocket moverAgain = EngineIoSocket.open(server(), "name=mover&room=" + old, true)) {
      String pid = EngineIoSocket.pidOf(mover.connectNamespace());
      assertThat(mover.ack(1, "[\"join_room\",{\"type\":1}]")).isEqualTo("431[{\"status\":true}]");
      EngineIoSocket.pidOf(stayer.connectNamespace());
      assertThat(stayer.ack(1, "[\"join_room\",{\"type\":1}]")).isEqualTo("431[{\"status\":true}]");
      stayer.send("42[\"chatting\",\"heard\"]");
      assertThat(stayer.next()).contains("\"heard\"");
      String got = EngineIoSocket.offsetOf(mover.next());

      relay.muteReplies(); // what the server sends the mover from now on is lost on the way
      List<String> owed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        stayer.send("42[\"chatting\",\"unheard " + i + "\"]");
        assertThat(stayer.next()).contains("\"view\":2,");
        owed.add("unheard " + i);
      }
      mover.send("42[\"join_room\",{\"idx\":\"new-" + tag + "\",\"name\":\"mover\",\"type\":1}]");
      // the stayer talks until the room counts only itself: what it said before that was the mover's too
      for (int i = 0; i < 200; i++) {
        stayer.send("42[\"chatting\",\"line " + i + "\"]");
        String line = stayer.next();
        if (line.contains("\"view\":1,")) {
          break;
        }
        assertThat(line).contains("\"view\":2,");
        owed.add("line " + i);
      }
      stayer.send("42[\"chatting\",\"after the move\"]");
      assertThat(stayer.next()).contains("\"view\":1,");
      relay.cut();

      moverAgain.send("40" + Json.createObjectBuilder().add("pid", pid).add("offset", got).build());
      List<String> replayed = new ArrayList<>();
      for (String frame = moverAgain.next(); !frame.startsWith("40"); frame = moverAgain.next()) {
        replayed.add(frame);
      }
      assertThat(replayed)
          .as("what the old room said to the mover after %s, before its move", got)
          .hasSize(owed.size())
          .allSatisfy(frame -> assertThat(frame).doesNotContain("after the move"));
      for (int i = 0; i < owed.size(); i++) {
        assertThat(replayed.get(i)).contains("\"msg\":\"" + owed.get(i) + "\"");
      }
    }
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
