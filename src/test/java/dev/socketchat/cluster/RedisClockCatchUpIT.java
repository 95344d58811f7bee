package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose estimate of Redis's clock fell behind by more than a request's time to apply has its requests refused as
 * late; the refusal brings Redis's time, so the node catches up at once instead of sending every later request, its
 * liveness renewals too, with a deadline already past (probe s12h5: a cluster node on a loaded machine stayed
 * UNAVAILABLE for good, its ticks reaching Redis 18 s after their deadlines, while /health/live said UP).
 */
class RedisClockCatchUpIT {
  private static RedisServer redis;

  @BeforeAll
  static void start() {
    redis = RedisServer.start("clock-catch-up");
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void aNodeWhoseClockFellBehindIsRefusedOnceAndThenRenewsAgain() {
    try (RedisLink link = new RedisLink(URI.create(redis.url()), Duration.ofSeconds(2), event -> {})) {
      link.connect();
      long now = System.nanoTime();
      // the estimate as a sample whose reply the node took 30 s to read would leave it
      link.clock().sample(System.currentTimeMillis() - 30_000, now, now);

      assertThatThrownBy(() -> link.run(Script.TICK, "behind", "8000", "a node", "epoch-1"))
          .isInstanceOfSatisfying(Refusal.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.UNAVAILABLE));
      List<Object> renewed = link.run(Script.TICK, "behind", "8000", "a node", "epoch-1");
      assertThat(renewed.get(0)).isEqualTo("OK");
    }
  }
}
