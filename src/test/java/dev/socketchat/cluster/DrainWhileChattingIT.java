package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that drains while its members are chatting hands every one of them over: the requests they send as their
 * connections are closed do not end their sessions, so each resumes on another node (probe s12h5: a member that
 * chatted as its node got SIGTERM was told SESSION_EXPIRED there, while its idle neighbours resumed). A member the node
 * was closing for flooding is not handed over: it leaves, as it would have.
 */
class DrainWhileChattingIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int CHATTERS = 6;
  /** The default limits: a burst of 200 requests, then 100 refusals in a row close the connection; some to spare. */
  private static final int FLOOD = 350;

  private static final int REFUSALS_TO_CLOSE = 100;
  private static final String RATE_LIMITED = "socketchat_refusals_total{reason=\"RATE_LIMITED\"}";
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "drain-chat",
            2,
            Map.of("socketchat.session.resume-window", "30000", "socketchat.limits.messages-per-second", "0"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Every test starts with both nodes up: one may have drained the node another test drains. */
  @BeforeEach
  void bothNodesUp() {
    for (int node = 0; node < 2; node++) {
      if (!cluster.node(node).process().isAlive()) {
        cluster.startAgain(node);
      }
    }
  }

  @Test
  void aFlooderWhoseCloseWaitsWhenItsNodeDrainsLeavesInsteadOfBeingHandedOver() throws Exception {
    ChatClient owner = ChatClient.connect(cluster.node(0)).as("owner");
    int room = owner.createRoom("flooded");
    try (RawWebSocket flooder = RawWebSocket.open(cluster.node(1).chat(), 4096)) {
      flooder.sendText(Requests.join(room, "flooder").toString());
      String session = joinReply(flooder).getString("session");
      owner.expectOk("SERVER_ROOM_JOIN");
      Scrape before = Scrape.of(cluster.node(1));
      // pongs that fill the socket's buffers, so that the refusals and the close for flooding wait in the outbox
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(RawWebSocket.pingsPastTheBuffers());
      byte[] unknown = RawWebSocket.frame(0x81, "{\"type\":\"NOPE\"}".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < FLOOD; i++) {
        bytes.writeBytes(unknown);
      }
      flooder.sendRaw(bytes.toByteArray());
      Eventually.await(
          WAIT,
          () -> Scrape.of(cluster.node(1)).since(before, RATE_LIMITED).get(RATE_LIMITED),
          refused -> refused >= REFUSALS_TO_CLOSE,
          "the node deciding to close the flooder");

      CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> stopNode(1));
      RawWebSocket.Received received = flooder.readUntilClose(WAIT);

      assertThat(received.texts()).filteredOn(text -> text.contains("RATE_LIMITED")).hasSize(REFUSALS_TO_CLOSE);
      assertThat(drained.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS)).isIn(0, 143);
      JsonObject left = owner.expect("SERVER_ROOM_EXIT");
      assertThat(left.getString("nickName")).as("the flooder left at once: %s", left).isEqualTo("flooder");
      try (ChatClient back = ChatClient.connect(cluster.node(0)).as("flooder")) {
        back.send(Requests.resume(session, room, 0));
        back.expectRefusal("SERVER_SESSION_RESUME", "SESSION_EXPIRED");
      }
    } finally {
      owner.close();
    }
  }

  /** The flooder's reply to its join, past any notice of the room that came first. */
  private static JsonObject joinReply(RawWebSocket client) throws IOException {
    while (true) {
      JsonObject message = Json.createReader(new StringReader(client.nextText(WAIT))).readObject();
      if (message.getString("type").equals("SERVER_ROOM_JOIN") && message.containsKey("session")) {
        return message;
      }
    }
  }

  private static int stopNode(int node) {
    try {
      return cluster.stop(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void membersChattingWhileTheirNodeDrainsResumeOnAnotherNode() throws Exception {
    ChatClient owner = ChatClient.connect(cluster.node(0)).as("owner");
    int room = owner.createRoom("busy");
    List<ChatClient> chatters = new ArrayList<>();
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < CHATTERS; i++) {
      ChatClient chatter = ChatClient.connect(cluster.node(1)).as("chatter" + i);
      sessions.add(chatter.join(room).getString("session"));
      chatters.add(chatter);
    }
    ExecutorService talking = Executors.newFixedThreadPool(CHATTERS);
    try {
      List<CompletableFuture<Integer>> said = new ArrayList<>();
      for (ChatClient chatter : chatters) {
        said.add(CompletableFuture.supplyAsync(() -> chatUntilClosed(chatter, room), talking));
      }
      // everybody is chatting: the owner has read a few lines of each
      int heard = 0;
      while (heard < CHATTERS * 20) {
        if (owner.next(WAIT).getString("type").equals("SERVER_CHAT_SEND")) {
          heard++;
        }
      }
      assertThat(cluster.stop(1)).isIn(0, 143);
      for (int i = 0; i < CHATTERS; i++) {
        assertThat(chatters.get(i).closed().get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("chatter%d is told its node restarts", i)
            .isEqualTo(1012);
        assertThat(said.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
      }
      for (int i = 0; i < CHATTERS; i++) {
        try (ChatClient back = ChatClient.connect(cluster.node(0)).as("chatter" + i)) {
          back.send(Requests.resume(sessions.get(i), room, 0));
          JsonObject resumed = back.expect("SERVER_SESSION_RESUME");
          assertThat(resumed.getBoolean("status")).as("chatter%d resumed: %s", i, resumed).isTrue();
          assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered"))
              .as("chatter%d recovered its room: %s", i, resumed)
              .isTrue();
        }
      }
    } finally {
      talking.shutdownNow();
      owner.close();
    }
  }

  /** Sends chat lines one after another until the connection is closed; returns how many were sent. */
  private static int chatUntilClosed(ChatClient chatter, int room) {
    int sent = 0;
    while (!chatter.closed().isDone()) {
      try {
        chatter.send(Requests.chat(room, chatter.nickname(), "line " + sent));
        sent++;
      } catch (CompletionException closed) {
        break;
      }
    }
    return sent;
  }
}
