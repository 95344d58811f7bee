package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomRef;
import dev.socketchat.domain.RoomRegistry;
import dev.socketchat.domain.RoomRegistryContract;
import dev.socketchat.testing.RecordingFanOut;
import dev.socketchat.testing.RedisServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The registry rules, kept by two nodes sharing rooms through a real Redis: every request of node 1 is checked there. */
class RedisRoomRegistryContractIT extends RoomRegistryContract {
  private static RedisServer redis;
  private final RecordingFanOut[] events = {new RecordingFanOut(), new RecordingFanOut()};
  private final RedisRoomRegistry[] nodes = new RedisRoomRegistry[2];

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start("redis-registry-contract");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static ClusterSettings cluster(RedisServer redis) {
    return new ClusterSettings(URI.create(redis.url()), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @BeforeEach
  void openNodes() {
    redis.command("FLUSHALL");
    nodes[0] = RedisRoomRegistry.open(cluster(redis), events[0], "contract0", HISTORY);
    nodes[1] = RedisRoomRegistry.open(cluster(redis), events[1], "contract1", HISTORY);
  }

  /** Every event the scripts published, as the nodes read them: none that a node would pass over as unreadable. */
  @AfterEach
  void everyEventPublishedIsReadable() {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<StreamMessage<String, String>> published =
          connection.sync().xrange("socketchat:recent-events", Range.create("-", "+"));
      for (StreamMessage<String, String> message : published) {
        String event = message.getBody().get("e");
        assertThatCode(() -> PublishedEvents.read(event)).as("reading %s", event).doesNotThrowAnyException();
      }
    } finally {
      client.shutdown();
    }
  }

  @AfterEach
  void closeNodes() {
    for (RedisRoomRegistry node : nodes) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Override
  protected RoomRegistry registry(int node) {
    return nodes[node];
  }

  @Override
  protected String node(int node) {
    return "contract" + node;
  }

  /** Redis holds no key of an ended room: no members, names, subjects or bans ({@code KEYS} answers with a count). */
  @Override
  protected void assertNothingLeftOf(RoomRef room) {
    String pattern =
        room instanceof RoomKey key ? "socketchat:open*:" + key.value() : "socketchat:room:" + room + ":*";
    assertThat(redis.command("KEYS " + pattern.replace(" ", "?"))).isEqualTo("*0");
    if (room instanceof RoomId) {
      assertThat(redis.command("EXISTS socketchat:room:" + room)).isEqualTo(":0");
    }
  }

  @Override
  protected RecordingFanOut events() {
    return events[0];
  }
}
