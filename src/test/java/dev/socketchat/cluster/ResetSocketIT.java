package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.FineLogging;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Socket.IO WebSocket that ends without a close frame while requests of its own wait for Redis is a drop, not its
 * client's goodbye: Tyrus reports such a connection, which its transport closed under it, as 1001 "Going away.", and
 * the socket must wait for its client to recover it, here on the other node, as after any other drop.
 */
class ResetSocketIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    // the test follows the node's own account of the Engine.IO session: closed, and why
    String logging = FineLogging.file("reset-socket", "dev.socketchat.socketio.EngineSession");
    cluster =
        ClusterUnderTest.start(
            "reset-socket",
            2,
            Map.of(
                FineLogging.PROPERTY, logging,
                "socketchat.socketio.ping-interval", "300",
                "socketchat.socketio.ping-timeout", "10000",
                "socketchat.redis.timeout", "8000",
                "socketchat.redis.liveness", "20000"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aSocketWhoseConnectionEndsWhileItsMessagesWaitForRedisIsRecoveredOnTheOtherNode() throws Exception {
    StandaloneProcess holder = cluster.node(0);
    String query = "name=alice&room=reset-room";
    try (DroppingProxy relay = DroppingProxy.to(holder.port())) {
      URI relayed =
          URI.create(
              Handshakes.socketIo(holder).toString().replaceFirst(":" + holder.port() + "/", ":" + relay.port() + "/")
                  + "&"
                  + query);
      EngineIoSocket alice = EngineIoSocket.open(relayed, true);
      String sid = alice.handshake().getString("sid");
      String pid = answer(alice.connectNamespace()).getString("pid");
      alice.send("420[\"join_room\",{\"type\":0}]");
      while (!alice.next().startsWith("430")) {
        // the entry notice on chatting and on join_room comes before the ack, or after it
      }

      // the chat messages wait for Redis on the node's worker threads while the connection ends under them
      cluster.redis().pause();
      try {
        for (int i = 1; i <= 20; i++) {
          alice.send("42" + i + "[\"chatting\",\"held up " + i + "\"]");
        }
        relay.hangUp();
      } finally {
        cluster.redis().resume();
      }
      String closed =
          Eventually.await(
              WAIT, holder::log, log -> log.contains("session " + sid + " closed"), "the node to notice the end");
      assertThat(closed.substring(closed.indexOf("session " + sid + " closed")).lines().findFirst().orElseThrow())
          .as("an end without a close frame is no goodbye")
          .isEqualTo("session " + sid + " closed: transport close");

      try (EngineIoSocket back = EngineIoSocket.open(cluster.node(1), query, true)) {
        back.send("40{\"pid\":\"" + pid + "\"}");
        String frame = back.next();
        while (frame.startsWith("42")) {
          frame = back.next(); // the events it missed come before the CONNECT answer
        }
        assertThat(answer(frame).getString("pid", "")).as("recovered: %s", frame).isEqualTo(pid);
      }
    }
  }

  /** The JSON of a CONNECT answer ({@code 40{...}}). */
  private static JsonObject answer(String frame) {
    assertThat(frame).as("a CONNECT answer").startsWith("40{");
    return Json.createReader(new StringReader(frame.substring(2))).readObject();
  }
}
