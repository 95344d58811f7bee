package dev.socketchat.testing;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Several standalone nodes (separate JVMs) sharing rooms through one real Redis, as one server under test. Within a
 * test the first client goes to the owner's node and every later one to another node, in turn, so every member talks
 * to the room's owner across nodes; the owner's node moves on with each test. {@link #base()}, where the status and
 * raw sockets go, is a node other than the owner's.
 */
public final class ClusterUnderTest implements ServerUnderTest, AutoCloseable {
  private final RedisServer redis;
  private final List<StandaloneProcess> nodes;
  private final String name;
  private final Map<String, String> properties;
  private int ownerNode;
  private int handedOut;

  private ClusterUnderTest(
      RedisServer redis, List<StandaloneProcess> nodes, String name, Map<String, String> properties) {
    this.redis = redis;
    this.nodes = nodes;
    this.name = name;
    this.properties = properties;
  }

  /** Starts Redis, then {@code count} nodes pointed at it (in parallel), with the given extra system properties. */
  public static ClusterUnderTest start(String name, int count, Map<String, String> properties) {
    if (count < 2) {
      throw new IllegalArgumentException("a cluster has at least two nodes");
    }
    RedisServer redis = RedisServer.start(name + "-redis");
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put("socketchat.redis.url", redis.url());
    List<CompletableFuture<StandaloneProcess>> starting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String node = name + "-node" + i;
      starting.add(CompletableFuture.supplyAsync(() -> StandaloneProcess.start(node, all)));
    }
    List<StandaloneProcess> nodes = new ArrayList<>();
    try {
      starting.forEach(node -> nodes.add(node.join()));
    } catch (RuntimeException failed) {
      // the nodes still starting are closed once up; the failure is reported now, without waiting for them
      starting.forEach(
          node -> {
            var unused = node.thenAccept(ClusterUnderTest::closeQuietly);
          });
      redis.close();
      throw failed;
    }
    ClusterUnderTest cluster = new ClusterUnderTest(redis, nodes, name, Map.copyOf(all));
    try {
      cluster.warmUp();
    } catch (RuntimeException | Error failed) {
      // nobody else holds the cluster yet: left running, its nodes and Redis would outlive the test JVM
      IllegalStateException notWarm = new IllegalStateException(name + " did not warm up", failed);
      try {
        cluster.close();
      } catch (RuntimeException | Error closing) {
        notWarm.addSuppressed(closing);
      }
      throw notWarm;
    }
    return cluster;
  }

  /**
   * Has every node create a room, be joined from the next node, chat and delete it, so the first test does not pay
   * for cold JVMs (class loading, first JSON and Lua runs) within its time limits.
   */
  private void warmUp() {
    for (int i = 0; i < nodes.size(); i++) {
      try (ChatClient owner = ChatClient.connect(nodes.get(i)).as("warm" + i);
          ChatClient guest = ChatClient.connect(nodes.get((i + 1) % nodes.size())).as("guest" + i)) {
        int room = cold(owner, Requests.create("warm-up", owner.nickname())).getInt("roomID");
        cold(guest, Requests.join(room, guest.nickname()));
        cold(owner);
        cold(guest, Requests.chat(room, guest.nickname(), "warm"));
        cold(owner);
        cold(owner, Requests.delete(room, owner.nickname()));
        cold(guest);
      }
    }
  }

  /**
   * Sends a warm-up request to a node that may still be cold. A node whose first Redis round trips took too long on a
   * busy machine refuses requests with {@code UNAVAILABLE} until Redis answers it again (README, "Scaling out"), and
   * says so on {@code /health/ready}: the request is sent again once every node is ready, within a minute.
   */
  private JsonObject cold(ChatClient client, JsonObject request) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      client.send(request);
      JsonObject frame = client.next(Duration.ofMinutes(1));
      if (!"UNAVAILABLE".equals(frame.getString("reason", null)) || System.nanoTime() > deadline) {
        return succeeded(frame);
      }
      nodes.forEach(node -> Eventually.await(Duration.ofMinutes(1), () -> ready(node), ok -> ok, "a ready node"));
    }
  }

  /** The next frame from a node that may still be cold: it must come within a minute and be a success. */
  private static JsonObject cold(ChatClient client) {
    return succeeded(client.next(Duration.ofMinutes(1)));
  }

  private static JsonObject succeeded(JsonObject frame) {
    if (!frame.getBoolean("status", false)) {
      throw new IllegalStateException("warm-up request failed: " + frame);
    }
    return frame;
  }

  private static boolean ready(StandaloneProcess node) {
    return HttpGet.send(node.resolve("health/ready")).statusCode() == 200;
  }

  /** Starts a new test: the next node owns its rooms, and clients are handed out from the start. */
  public synchronized void nextTest() {
    ownerNode = (ownerNode + 1) % nodes.size();
    handedOut = 0;
  }

  /** The first client of a test goes to the owner's node, every later one to one of the other nodes in turn. */
  @Override
  public synchronized URI chat() {
    int node = handedOut == 0 ? ownerNode : (ownerNode + 1 + (handedOut - 1) % (nodes.size() - 1)) % nodes.size();
    handedOut++;
    return nodes.get(node).chat();
  }

  @Override
  public String name() {
    return "cluster-" + nodes.size();
  }

  @Override
  public synchronized URI base() {
    return nodes.get((ownerNode + 1) % nodes.size()).base();
  }

  @Override
  public Duration heartbeatTimeout() {
    return nodes.get(0).heartbeatTimeout();
  }

  public synchronized StandaloneProcess node(int index) {
    return nodes.get(index);
  }

  /** Stops a node with SIGTERM (it drains) and waits for it to exit; returns its exit code. */
  public int stop(int index) throws InterruptedException {
    return node(index).stop(Duration.ofSeconds(30));
  }

  /** Starts a stopped node again, on the port its clients know, with the cluster's settings. */
  public StandaloneProcess startAgain(int index) {
    StandaloneProcess again =
        StandaloneProcess.start(name + "-node" + index + "-again", node(index).port(), properties);
    synchronized (this) {
      nodes.set(index, again);
    }
    return again;
  }

  public synchronized List<StandaloneProcess> nodes() {
    return List.copyOf(nodes);
  }

  public RedisServer redis() {
    return redis;
  }

  @Override
  public void close() {
    nodes.forEach(ClusterUnderTest::closeQuietly);
    redis.close();
  }

  private static void closeQuietly(StandaloneProcess node) {
    try {
      node.close();
    } catch (RuntimeException e) {
      node.process().destroyForcibly();
    }
  }
}
