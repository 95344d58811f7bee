package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Socket.IO connection state recovery against the standalone jar, and none when the resume window is 0. */
class StandaloneSocketIoRecoveryIT extends SocketIoRecoveryContract {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-socketio-recovery",
            Map.of(
                "socketchat.socketio.ping-interval", "300",
                "socketchat.socketio.ping-timeout", "2000",
                "socketchat.session.resume-window", "3000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  ServerUnderTest server() {
    return server;
  }

  @Test
  void withoutAResumeWindowFramesAreTodaysExactly() {
    try (StandaloneProcess off =
            StandaloneProcess.start(
                "standalone-socketio-no-recovery", Map.of("socketchat.session.resume-window", "0"));
        EngineIoSocket page = EngineIoSocket.open(off, "name=kim&room=offsets", true)) {
      assertThat(page.connectNamespace()).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
      page.send("42[\"join_room\",{\"type\":1}]").send("42[\"chatting\",\"hi\"]");
      assertThat(page.next()).matches("42\\[\"chatting\",\\{.*\"msg\":\"hi\".*}]");
    }
  }

  /**
   * A close frame from the client is Socket.IO's "transport close", which its server recovers (socket.io-client's
   * {@code engine.close()} and its ping timeout close so), but a page that goes away (1001) leaves at once. A resume
   * window of two minutes tells the two apart: a seat kept for it would still count when the test gives up.
   */
  @Test
  void aPageThatGoesAwayLeavesAtOnceWhileAnotherCloseFrameKeepsTheSeatForRecovery() {
    try (StandaloneProcess longWindow =
            StandaloneProcess.start(
                "standalone-socketio-long-window", Map.of("socketchat.session.resume-window", "120000"));
        EngineIoSocket bob = member(longWindow, "bob");
        EngineIoSocket alice = member(longWindow, "alice");
        EngineIoSocket carol = EngineIoSocket.open(longWindow, "name=carol&room=leaving", true)) {
      String carolsAnswer = carol.connectNamespace();
      carol.send("42[\"join_room\",{\"type\":0}]");
      AtomicInteger said = new AtomicInteger();
      Eventually.await(EngineIoSocket.WAIT, () -> viewAfterSaying(bob, said), view -> view == 3, "three seated");

      alice.close(1001);
      Eventually.await(
          EngineIoSocket.WAIT, () -> viewAfterSaying(bob, said), view -> view == 2, "alice's seat free at once");

      carol.close(1000);
      try (EngineIoSocket back = EngineIoSocket.open(longWindow, "name=carol&room=leaving", true)) {
        String pid = Json.createReader(new StringReader(carolsAnswer.substring(2))).readObject().getString("pid");
        back.send("40{\"pid\":\"" + pid + "\"}");
        String frame = back.next();
        while (!frame.startsWith("40")) {
          frame = back.next(); // what the room said since carol entered it comes first
        }
        assertThat(frame).as("carol's socket recovered: the same sid and pid").isEqualTo(carolsAnswer);
      }
    }
  }

  /** A page in the room {@code leaving}. */
  private static EngineIoSocket member(ServerUnderTest server, String name) {
    EngineIoSocket page = EngineIoSocket.open(server, "name=" + name + "&room=leaving", true);
    assertThat(page.connectNamespace()).startsWith("40{");
    page.send("42[\"join_room\",{\"type\":0}]");
    return page;
  }

  /** Says something new in the room and returns the head count its echo carries. */
  private static int viewAfterSaying(EngineIoSocket page, AtomicInteger said) {
    String text = "count " + said.incrementAndGet();
    page.send("42[\"chatting\",{\"msg\":\"" + text + "\"}]");
    while (true) {
      String frame = page.next();
      if (frame.startsWith("42[\"chatting\"")) {
        JsonArray event = Json.createReader(new StringReader(frame.substring(2))).readArray();
        if (text.equals(event.getJsonObject(1).getString("msg", ""))) {
          return event.getJsonObject(1).getInt("view");
        }
      }
    }
  }
}
