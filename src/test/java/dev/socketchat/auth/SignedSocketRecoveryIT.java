package dev.socketchat.auth;

import static dev.socketchat.auth.AuthContract.connect;
import static dev.socketchat.auth.AuthContract.privateId;
import static dev.socketchat.auth.AuthContract.someone;
import static dev.socketchat.auth.AuthContract.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.StandaloneProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A signed-in Socket.IO socket whose connection dropped waits out its recovery window whatever its token says: only a
 * fresh token of its user recovers it, as a signed-in {@code /chat} session is resumed (a window longer than the
 * tokens here).
 */
class SignedSocketRecoveryIT {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    Map<String, String> settings = new HashMap<>(AuthContract.SETTINGS);
    settings.put("socketchat.session.resume-window", "20000");
    server = StandaloneProcess.start("signed-socket-recovery", settings);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aDroppedSignedInSocketIoSocketOutlastsItsTokenAndAFreshOneRecoversItWithWhatItMissed() {
    String ann = someone();
    String bob = someone();
    String room = "outlast-" + ann;
    try (EngineIoSocket annPage = EngineIoSocket.open(server, "room=" + room, true);
        EngineIoSocket annAgain = EngineIoSocket.open(server, "room=" + room, true);
        EngineIoSocket guestPage = EngineIoSocket.open(server, "name=g" + ann + "&room=" + room, true);
        EngineIoSocket lapsing = EngineIoSocket.open(server, "room=" + room, true)) {
      String annToken = token("id-" + ann, ann, Duration.ofSeconds(3));
      String pid = privateId(annPage.send(connect(annToken, null)).next());
      assertThat(annPage.send("421[\"join_room\",{\"type\":1}]").next()).isEqualTo("431[{\"status\":true}]");
      privateId(guestPage.send("40").next());
      assertThat(guestPage.ack(1, "[\"join_room\",{\"type\":1}]")).isEqualTo("431[{\"status\":true}]");
      // bob's token ends a second after ann's: once his socket is disconnected for it, ann's has ended too
      privateId(lapsing.send(connect(token("id-" + bob, bob, Duration.ofSeconds(4)), null)).next());

      annPage.close(1000); // a drop: ann's socket waits to be recovered
      assertThat(guestPage.ack(2, "[\"chatting\",\"while you were away\"]")).startsWith("432[{\"status\":true");
      assertThat(lapsing.next()).as("bob's socket, disconnected when his token ends").isEqualTo("41");

      annAgain.send(connect(token("id-" + ann, ann, Duration.ofMinutes(5)), pid));
      assertThat(annAgain.next()).as("what ann's socket missed").contains("while you were away");
      assertThat(privateId(annAgain.next())).as("ann's socket, recovered").isEqualTo(pid);
      assertThat(annAgain.ack(1, "[\"chatting\",\"back\"]")).startsWith("431[{\"status\":true");
    }
  }
}
