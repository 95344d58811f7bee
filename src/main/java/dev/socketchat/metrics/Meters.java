package dev.socketchat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters, in one registry: what the transports count on their hot paths (deliveries, bytes, latency,
 * requests, closes) through typed methods, and what others register as gauges and function counters. With metrics
 * off every meter is a no-op.
 */
public final class Meters implements AutoCloseable {
  /** Request types a connection may name beyond the known ones are counted under this one, to bound the series. */
  public static final String OTHER_TYPE = "other";

  /** The refusals' counter, by {@code reason}: the engine's, and the connection limits' (429, 503). */
  public static final String REFUSALS = "socketchat.refusals";

  /** Its description, the same wherever one of its series is registered. */
  public static final String REFUSALS_DESCRIPTION = "requests refused, by reason";

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final JvmGcMetrics gc;
  private final JvmHeapPressureMetrics pressure;
  private final Counter deliveries;
  private final Counter bytes;
  private final Timer latency;
  private final Map<CloseCause, Counter> closes = new EnumMap<>(CloseCause.class);
  private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
  private final AtomicLong scrapes = new AtomicLong();

  private Meters(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
    this.deliveries =
        Counter.builder("socketchat.deliveries")
            .description("frames handed to client sockets (a WebSocket send completed, a polling response written)")
            .register(registry);
    this.bytes =
        Counter.builder("socketchat.sent")
            .baseUnit("bytes")
            .description("bytes of the frames handed to client sockets (payload, UTF-8)")
            .register(registry);
    this.latency =
        Timer.builder("socketchat.delivery.latency")
            .description("from reading the request that caused a frame to handing that frame to a member's socket")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
    for (CloseCause cause : CloseCause.values()) {
      closes.put(
          cause,
          Counter.builder("socketchat.connections.closed")
              .description("connections that ended, by cause")
              .tag("cause", cause.label())
              .register(registry));
    }
    if (prometheus != null) {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      new FileDescriptorMetrics().bindTo(registry);
      this.gc = new JvmGcMetrics();
      gc.bindTo(registry);
      this.pressure = new JvmHeapPressureMetrics();
      pressure.bindTo(registry);
    } else {
      this.gc = null;
      this.pressure = null;
    }
  }

  /** Meters kept in a Prometheus registry, with the JVM's and the process's. */
  public static Meters on() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new Meters(prometheus, prometheus);
  }

  /** Meters that keep nothing. */
  public static Meters off() {
    return new Meters(new CompositeMeterRegistry(), null);
  }

  /** As the settings say. */
  public static Meters of(MetricsSettings settings) {
    return settings.enabled() ? on() : off();
  }

  /** The registry, for libraries that record into Micrometer themselves (Lettuce's command latencies). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Whether meters are kept. */
  public boolean enabled() {
    return prometheus != null;
  }

  /** Every meter in Prometheus' text format; empty when metrics are off. */
  public Optional<String> scrape() {
    if (prometheus == null) {
      return Optional.empty();
    }
    scrapes.incrementAndGet();
    return Optional.of(prometheus.scrape());
  }

  /**
   * Counts one frame handed to a socket.
   *
   * @param utf8Bytes its payload's size
   * @param causedAt when the request that caused it was read, by {@link System#nanoTime()}; 0 when no request did
   */
  public void delivered(long utf8Bytes, long causedAt) {
    deliveries.increment();
    bytes.increment((double) utf8Bytes);
    if (causedAt != 0) {
      latency.record(System.nanoTime() - causedAt, TimeUnit.NANOSECONDS);
    }
  }

  /** Counts frames handed to a socket together (a polling response) and their bytes, with no latency to record. */
  public void delivered(int frames, long utf8Bytes) {
    deliveries.increment(frames);
    bytes.increment((double) utf8Bytes);
  }

  /** Counts a request of the given protocol ({@code chat}, {@code socketio}) and type. */
  public void request(String protocol, String type) {
    requestCounter(protocol, type).increment();
  }

  /** Registers a protocol's request counters at zero, one per type, so that each series is there from the start. */
  public void requestTypes(String protocol, Collection<String> types) {
    for (String type : types) {
      requestCounter(protocol, type);
    }
  }

  private Counter requestCounter(String protocol, String type) {
    return requests.computeIfAbsent(
        protocol + ' ' + type,
        key ->
            Counter.builder("socketchat.requests")
                .description("requests read, by protocol and type")
                .tag("protocol", protocol)
                .tag("type", type)
                .register(registry));
  }

  /** Counts a connection that ended. */
  public void closed(CloseCause cause) {
    closes.get(cause).increment();
  }

  /** Registers a gauge read when scraped. */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
    Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true).register(registry);
  }

  /** Registers a counter whose total someone else keeps, read when scraped. */
  public <T> void total(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
    FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
  }

  /**
   * A value that is costly to read (a Redis round trip) for several gauges: read once per scrape, by the first gauge
   * that asks, so a scrape says what was true when it was taken (as {@code /status} does) and costs one read.
   */
  public <T> Supplier<T> perScrape(Supplier<T> source) {
    return new PerScrape<>(source, scrapes);
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
      pressure.close();
    }
    registry.close();
  }

  /** The payload size of a text frame in UTF-8, counted without encoding it. */
  public static long utf8Length(String text) {
    long length = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        length += c < 0x800 || Character.isSurrogate(c) ? 1 : 2; // a surrogate pair takes 4 bytes, 2 per char
      }
    }
    return length;
  }

  /** A value read at most once per scrape; the gauges of one scrape get the same one. */
  private static final class PerScrape<T> implements Supplier<T> {
    private final Supplier<T> source;
    private final AtomicLong scrapes;
    private volatile Reading<T> last;

    PerScrape(Supplier<T> source, AtomicLong scrapes) {
      this.source = source;
      this.scrapes = scrapes;
    }

    @Override
    public T get() {
      long scrape = scrapes.get();
      Reading<T> reading = last;
      if (reading == null || reading.scrape() != scrape) {
        reading = new Reading<>(source.get(), scrape);
        last = reading;
      }
      return reading.value();
    }

    /** A value and the scrape it was read for. */
    private record Reading<T>(T value, long scrape) {}
  }
}
