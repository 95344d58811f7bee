package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.MoveAsConnectionFails;
import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.StandaloneProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket.IO connection state recovery across a cluster, with the npm socket.io-client as it is: a page reaches node A
 * through a relay (a load balancer) that the test cuts, then points at node B, and the page recovers its socket there
 * with what it missed; also after node A was killed (SIGKILL) and taken for dead.
 */
class ClusterSocketIoRecoveryIT {
  private static final Pattern JOINED = Pattern.compile("node (\\S+) joins the cluster");
  private static final Map<String, String> SETTINGS =
      Map.of(
          "socketchat.socketio.ping-interval", "300",
          "socketchat.socketio.ping-timeout", "2000",
          "socketchat.session.resume-window", "10000",
          "socketchat.redis.liveness", "2000");
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("cluster-socketio-recovery", 2, SETTINGS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /**
   * A socket that moves to another room ({@code join_room}, leaving its room silently) as its connection to node A
   * fails is recovered on node B with what its old room said to it before the move, and nothing said there after.
   */
  @Test
  void aSocketThatMovedAsItsConnectionFailedGetsWhatItsOldRoomSaidToItBeforeTheMoveOnAnotherNode() throws IOException {
    try (DroppingProxy relay = DroppingProxy.to(cluster.node(0).socketIoOrigin().getPort())) {
      MoveAsConnectionFails.play(cluster.node(0), relay, cluster.node(1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void aPageCutOffFromOneNodeRecoversOnAnotherWithWhatItMissedOnceAndInOrder(String transport) throws IOException {
    try (DroppingProxy relay = DroppingProxy.to(cluster.node(0).socketIoOrigin().getPort())) {
      recover(cluster, relay, transport, request -> {});
    }
  }

  /**
   * An entry notice goes out on {@code chatting} and then on {@code join_room}, each packet with its own offset, as on
   * one node: a page cut off from node A between the two (the script relays it itself) recovers the second on node B.
   */
  @Test
  void aPageCutBetweenAnEntryNoticesTwoPacketsRecoversTheSecondOnAnotherNode() {
    String output =
        NodeScript.run(
            "entry-recovery.mjs",
            cluster.node(1).socketIoOrigin().toString().replaceFirst("^http", "ws"),
            cluster.node(1).socketIoPath(),
            "cluster-entry-cut",
            cluster.node(0).socketIoOrigin().toString().replaceFirst("^http", "ws"));
    assertThat(output).contains("checks passed");
  }

  /**
   * Redis stands still as the page comes back on node B: the takeover cannot be made, so node B closes the new
   * connection (no fresh socket, no ghost seat), and socket.io-client's own reconnection recovers once Redis answers.
   */
  @Test
  void aPageComingBackWhileRedisStandsStillRecoversOnceRedisAnswersAgain() throws IOException {
    try (DroppingProxy relay = DroppingProxy.to(cluster.node(0).socketIoOrigin().getPort())) {
      String output =
          NodeScript.run(
              "outage-recovery.mjs",
              request -> {
                if (request.startsWith("suspended ")) {
                  awaitSuspended(cluster, request.substring("suspended ".length()));
                  return request;
                }
                switch (request) {
                  case "cut" -> relay.cut();
                  case "to-b" -> relay.retarget(cluster.node(1).socketIoOrigin().getPort());
                  case "stall" -> cluster.redis().pause();
                  case "unstall" -> cluster.redis().resume();
                  default -> throw new AssertionError("the script asked for " + request);
                }
                return request;
              },
              cluster.node(1).socketIoOrigin().toString().replaceFirst("^http", "ws"),
              "ws://127.0.0.1:" + relay.port(),
              cluster.node(1).socketIoPath(),
              "cluster-stall",
              "websocket");
      assertThat(output).contains("checks passed");
    } finally {
      cluster.redis().resume();
    }
  }

  @Test
  void aPageWhoseNodeWasKilledRecoversOnAnotherNode() throws IOException {
    try (ClusterUnderTest doomed = ClusterUnderTest.start("cluster-socketio-recovery-kill", 2, SETTINGS);
        DroppingProxy relay = DroppingProxy.to(doomed.node(0).socketIoOrigin().getPort())) {
      StandaloneProcess victim = doomed.node(0);
      String death = "node " + nodeId(victim) + " let its liveness key expire while Redis answered: taken for dead";
      recover(
          doomed,
          relay,
          "websocket",
          request -> {
            victim.process().destroyForcibly(); // SIGKILL: no goodbye to Redis
            Eventually.await(
                Duration.ofSeconds(20),
                () -> doomed.node(1).log(),
                log -> log.contains(death),
                "node B to take the killed node for dead");
          },
          "kill");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void aPageWhoseNodeRestartsRecoversOnAnotherNode(String transport) throws IOException {
    try (ClusterUnderTest restarting = ClusterUnderTest.start("cluster-socketio-recovery-drain", 2, SETTINGS);
        DroppingProxy relay = DroppingProxy.to(restarting.node(0).socketIoOrigin().getPort())) {
      recover(
          restarting,
          relay,
          transport,
          request -> {
            try {
              assertThat(restarting.stop(0)).as("node A drained and exited").isIn(0, 143);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          },
          "drain");
    }
  }

  /**
   * Runs the script with the page relayed to node 0 and bob on node 1 ({@code mode}: nothing, "kill" or "drain");
   * {@code endNodeA} does what the script's "kill" or "drain" asks.
   */
  private static void recover(
      ClusterUnderTest nodes, DroppingProxy relay, String transport, Consumer<String> endNodeA, String... mode) {
    String direct = nodes.node(1).socketIoOrigin().toString().replaceFirst("^http", "ws");
    List<String> args =
        new ArrayList<>(
            List.of(
                direct, "ws://127.0.0.1:" + relay.port(), nodes.node(1).socketIoPath(), "cluster-recovery", transport));
    args.addAll(List.of(mode));
    String output =
        NodeScript.run(
            "cluster-recovery.mjs",
            request -> {
              if (request.startsWith("suspended ")) {
                awaitSuspended(nodes, request.substring("suspended ".length()));
                return request;
              }
              switch (request) {
                case "cut" -> relay.cut();
                case "cut-replay" -> relay.cutAtReply("42[\"chatting\"");
                case "kill", "drain" -> endNodeA.accept(request);
                case "to-b" -> relay.retarget(nodes.node(1).socketIoOrigin().getPort());
                default -> throw new AssertionError("the script asked for " + request);
              }
              return request;
            },
            args.toArray(String[]::new));
    assertThat(output).contains("checks passed");
  }

  /** Waits until Redis keeps the dropped socket's session for its window only. */
  private static void awaitSuspended(ClusterUnderTest nodes, String pid) {
    Eventually.await(
        Duration.ofSeconds(10),
        () -> nodes.redis().command("PTTL socketchat:session:" + pid),
        ttl -> ttl.matches(":[1-9][0-9]*"),
        "the dropped socket's session to wait in Redis for its window only");
  }

  private static String nodeId(StandaloneProcess node) {
    Matcher matcher = JOINED.matcher(node.log());
    assertThat(matcher.find()).as("the node logged its id").isTrue();
    return matcher.group(1);
  }
}
