package dev.socketchat.cluster;

import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The node's two connections to Redis: one for commands and scripts, one subscribed to the event channel. Commands
 * fail fast, as {@link Reason#UNAVAILABLE}, when Redis is out of reach or slower than the timeout; the connections
 * reconnect by themselves, and the subscription is renewed with them. Every script carries a deadline in Redis's time,
 * three quarters of the timeout after it was sent, after which it changes nothing: a request refused for the timeout
 * is never carried out later, however long it waited in Redis's queue (the last quarter is for the reply's way back).
 */
final class RedisLink implements AutoCloseable {
  /** The channel every room event is published on. */
  static final String CHANNEL = "socketchat:events";

  private static final String[] NO_KEYS = new String[0];
  private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());

  /** Errors by which Redis says it cannot serve now (loading, busy, a replica, out of memory...), not that we erred. */
  private static final Pattern BUSY =
      Pattern.compile("(LOADING|BUSY|READONLY|MASTERDOWN|OOM|TRYAGAIN|NOREPLICAS|CLUSTERDOWN|MISCONF)\\b");

  /**
   * Lettuce logs every reconnection attempt; during an outage that is a line a second per connection. The node logs
   * the outage and the recovery once; unless logging is configured otherwise, Lettuce's protocol lines are left out.
   */
  private static final java.util.logging.Logger RECONNECTS = java.util.logging.Logger.getLogger("io.lettuce.core.protocol");

  static {
    if (RECONNECTS.getLevel() == null) {
      RECONNECTS.setLevel(java.util.logging.Level.WARNING);
    }
  }

  private final ClientResources resources;
  private final RedisClient client;
  private final String address;
  private final Consumer<String> onEvent;
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final RedisClock clock = new RedisClock();
  private final Duration applyWithin;
  private volatile StatefulRedisConnection<String, String> commands;
  private volatile StatefulRedisPubSubConnection<String, String> events;
  /** Why the last attempt to connect failed, as logged; null once one succeeded (connect() is synchronized). */
  private String connectFailure;

  /**
   * Prepares the link; nothing connects before {@link #connect()}.
   *
   * @param onEvent receives each event published on the channel, in order, on a Redis I/O thread (it must not block)
   */
  RedisLink(URI redis, Duration timeout, Consumer<String> onEvent) {
    this(redis, timeout, onEvent, null);
  }

  /**
   * Prepares the link, recording its commands' latencies; nothing connects before {@link #connect()}.
   *
   * @param onEvent receives each event published on the channel, in order, on a Redis I/O thread (it must not block)
   * @param meters where the latency of each command is recorded, as Lettuce's {@code lettuce.command.completion}
   *     timers; none when null
   */
  RedisLink(URI redis, Duration timeout, Consumer<String> onEvent, MeterRegistry meters) {
    this.onEvent = Objects.requireNonNull(onEvent, "onEvent");
    this.applyWithin = timeout.minus(timeout.dividedBy(4));
    RedisURI uri = RedisURI.create(redis);
    uri.setTimeout(timeout);
    this.address = uri.getHost() + ":" + uri.getPort();
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .commandLatencyRecorder(
                meters == null
                    ? CommandLatencyRecorder.disabled()
                    : new MicrometerCommandLatencyRecorder(meters, MicrometerOptions.builder().histogram(true).build()))
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // while disconnected, refuse at once rather than queue: requests get UNAVAILABLE instead of waiting
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
            .build());
    client.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            interrupted.set(true);
          }
        });
  }

  /** Where Redis is ({@code host:port}, without credentials), for log lines. */
  String address() {
    return address;
  }

  /**
   * Opens whichever connection is not open yet (the first attempts may fail while Redis is down; later ones are made
   * by the client's own reconnects).
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} when Redis cannot be reached
   */
  synchronized void connect() {
    try {
      if (commands == null) {
        commands = client.connect(StringCodec.UTF8);
      }
      if (events == null) {
        StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub(StringCodec.UTF8);
        subscriber.addListener(
            new RedisPubSubAdapter<>() {
              @Override
              public void message(String channel, String message) {
                onEvent.accept(message);
              }
            });
        events = subscriber;
      }
      connectFailure = null;
    } catch (RedisException e) {
      // what Redis said (a wrong password, a database it does not have) names the setting to fix; said once per cause
      String why = rootCause(e);
      if (!why.equals(connectFailure)) {
        connectFailure = why;
        LOG.log(
            System.Logger.Level.WARNING, "cannot connect to Redis at {0} (socketchat.redis.url): {1}", address, why);
      }
      throw unavailable();
    }
  }

  /** The message of the innermost cause: Redis's own answer, or the network's. */
  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  /** This node's estimate of Redis's clock, which the node keeper samples as it renews the node. */
  RedisClock clock() {
    return clock;
  }

  /** Whether a connection dropped since the mark was last cleared (events may have been missed meanwhile). */
  boolean interrupted() {
    return interrupted.get();
  }

  /** Clears the mark of a dropped connection, once the node is about to catch up. */
  void clearInterruption() {
    interrupted.set(false);
  }

  /** Subscribes to the event channel and returns once Redis confirmed it: from then on no event is missed. */
  void subscribe() {
    StatefulRedisPubSubConnection<String, String> subscriber = events;
    if (subscriber == null) {
      throw unavailable();
    }
    try {
      subscriber.sync().subscribe(CHANNEL);
    } catch (RedisException e) {
      throw unavailable();
    }
  }

  /**
   * Runs a script with the given arguments, followed by its deadline (which {@code lib.lua} checks).
   *
   * @return the script's reply: a status word, then its values, all as strings
   * @throws Refusal {@link Reason#UNAVAILABLE} when Redis cannot be reached or does not answer in time
   * @throws IllegalStateException when the script itself fails (a bug, not an outage)
   */
  List<Object> run(Script script, String... args) {
    StatefulRedisConnection<String, String> connection = commands;
    if (connection == null) {
      throw unavailable();
    }
    String[] withDeadline = Arrays.copyOf(args, args.length + 1);
    withDeadline[args.length] = Long.toString(clock.deadline(applyWithin));
    return run(connection, script, withDeadline);
  }

  private List<Object> run(StatefulRedisConnection<String, String> connection, Script script, String[] args) {
    List<Object> reply;
    long sent = System.nanoTime();
    try {
      try {
        reply = connection.sync().evalsha(script.sha(), ScriptOutputType.MULTI, NO_KEYS, args);
      } catch (RedisNoScriptException unknown) {
        // Redis restarted, or has not seen this script yet: send it whole (Redis keeps it for the next EVALSHA)
        reply = connection.sync().eval(script.text(), ScriptOutputType.MULTI, NO_KEYS, args);
      }
    } catch (RedisCommandExecutionException e) {
      if (BUSY.matcher(String.valueOf(e.getMessage())).lookingAt()) {
        throw unavailable(); // Redis cannot serve right now
      }
      throw new IllegalStateException("script " + script + " failed: " + e.getMessage(), e);
    } catch (RedisException e) {
      throw unavailable();
    }
    if (Reason.UNAVAILABLE.name().equals(reply.get(0))) {
      if (reply.size() > 2) {
        // it reached Redis after its deadline and changed nothing; Redis's time says whether this node's estimate of it
        // fell behind (else every later request, the liveness renewals too, would carry a deadline already past)
        clock.sample(Long.parseLong((String) reply.get(2)), sent, System.nanoTime());
      }
      throw unavailable();
    }
    return reply;
  }

  /**
   * Increments a counter and returns its new value. It carries no deadline: a room number taken by an increment that
   * timed out is only skipped.
   */
  long increment(String key) {
    StatefulRedisConnection<String, String> connection = commands;
    if (connection == null) {
      throw unavailable();
    }
    try {
      return connection.sync().incr(key);
    } catch (RedisException e) {
      throw unavailable();
    }
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    var unused = resources.shutdown(0, 2, TimeUnit.SECONDS); // finishes in the background; close() does not wait
  }

  /** The refusal every request gets while Redis is out of reach. */
  static Refusal unavailable() {
    return new Refusal(
        Reason.UNAVAILABLE, "the chat service cannot reach its shared store right now; please try again shortly");
  }
}
