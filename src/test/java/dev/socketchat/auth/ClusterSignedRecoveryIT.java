package dev.socketchat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Jwt;
import dev.socketchat.testing.NodeScript;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A signed-in Socket.IO page recovers its socket on another node of a cluster with the npm socket.io-client, and
 * speaks there as its token's user; without a token it is refused and waits for its user's, another user's token starts
 * afresh instead ({@code cluster-signed-recovery.mjs}).
 */
class ClusterSignedRecoveryIT {
  private static final String SECRET = "the-cluster-shares-this-secret-0123456789";
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "cluster-signed-recovery",
            2,
            Map.of(
                "socketchat.socketio.ping-interval", "300",
                "socketchat.socketio.ping-timeout", "2000",
                "socketchat.session.resume-window", "10000",
                "socketchat.redis.liveness", "2000",
                "socketchat.auth.mode", "optional",
                "socketchat.auth.hmac-secret", SECRET));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String token(String sub, String name) {
    long exp = Instant.now().getEpochSecond() + 600;
    return Jwt.hs256(SECRET, Jwt.claims(sub, exp, "\"name\":\"" + name + "\""));
  }

  @Test
  void aSignedInPageRecoversOnAnotherNodeAsItsUserAndAnotherUsersTokenStartsAfresh() throws IOException {
    try (DroppingProxy relay = DroppingProxy.to(cluster.node(0).socketIoOrigin().getPort())) {
      String direct = cluster.node(1).socketIoOrigin().toString().replaceFirst("^http", "ws");
      String output =
          NodeScript.run(
              "cluster-signed-recovery.mjs",
              request -> {
                if (request.startsWith("suspended ")) {
                  String key = "socketchat:session:" + request.substring("suspended ".length());
                  Eventually.await(
                      Duration.ofSeconds(10),
                      () -> cluster.redis().command("PTTL " + key),
                      ttl -> ttl.matches(":[1-9][0-9]*"),
                      "the dropped socket's session to wait in Redis for its window only");
                  return request;
                }
                switch (request) {
                  case "cut" -> relay.cut();
                  case "to-b" -> relay.retarget(cluster.node(1).socketIoOrigin().getPort());
                  default -> throw new AssertionError("the script asked for " + request);
                }
                return request;
              },
              direct,
              "ws://127.0.0.1:" + relay.port(),
              cluster.node(1).socketIoPath(),
              "signed-recovery",
              token("id-alice", "alice"),
              token("id-eve", "eve"));
      assertThat(output).contains("checks passed");
    }
  }
}
