package dev.socketchat.config;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.cluster.RedisRoomRegistry;
import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.PageOrigins;
import dev.socketchat.domain.FloodLimits;
import dev.socketchat.domain.HistoryLimits;
import dev.socketchat.domain.InMemoryRoomRegistry;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomLimits;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.domain.RoomRegistry;
import dev.socketchat.domain.SessionLimits;
import dev.socketchat.metrics.EngineMeters;
import dev.socketchat.metrics.Meters;
import dev.socketchat.metrics.MetricsSettings;
import dev.socketchat.protocol.RequestType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Produces what the room engine is built from: the settings, the clock and the registry to use (in memory for a single
 * node; Redis when {@code socketchat.redis.url} is set).
 */
@ApplicationScoped
public class EngineProducers {
  private static final System.Logger LOG = System.getLogger(EngineProducers.class.getName());

  @Produces
  @Singleton
  Settings settings() {
    return Settings.fromEnvironment(ContextParameters::get);
  }

  @Produces
  @Singleton
  MetricsSettings metricsSettings() {
    return Settings.metrics(Settings.environment(ContextParameters::get));
  }

  /** The meters, one registry for the application; closed with it. */
  @Produces
  @Singleton
  Meters meters(MetricsSettings settings) {
    return Meters.of(settings);
  }

  void closeMeters(@Disposes Meters meters) {
    meters.close();
  }

  @Produces
  @Singleton
  FloodLimits limits(Settings settings) {
    return settings.limits();
  }

  @Produces
  @Singleton
  RoomLimits roomLimits(Settings settings) {
    return settings.roomLimits();
  }

  /**
   * The session settings, with how late the heartbeats notice a dead transport; the same in cluster mode, where the
   * registry keeps the sessions in Redis so that a client resumes on any node.
   */
  @Produces
  @Singleton
  SessionLimits sessionLimits(Settings settings) {
    return settings.sessionsAsNoticed();
  }

  @Produces
  @Singleton
  HistoryLimits historyLimits(Settings settings) {
    return settings.history();
  }

  /** The check of the site's tokens ({@code socketchat.auth.*}); key files are read as it is made, at start-up. */
  @Produces
  @Singleton
  TokenVerifier tokens(Settings settings, Clock clock) {
    TokenVerifier verifier = TokenVerifier.of(settings.auth(), clock);
    if (TokenVerifier.keysUnused(settings.auth())) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a key of socketchat.auth.* is set but socketchat.auth.mode is off: no token is checked and nobody signs in");
    }
    return verifier;
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  RoomRegistry.Factory registries(Settings settings, Meters meters) {
    return settings.cluster().enabled()
        ? RedisRoomRegistry.factory(settings.cluster(), settings.history(), meters.enabled() ? meters.registry() : null)
        : fanOut -> new InMemoryRoomRegistry(fanOut, settings.history());
  }

  /**
   * Builds the engine as the application starts rather than on the first connection, so a bad setting stops the
   * deployment and a cluster node registers (and subscribes) before it serves anybody.
   */
  void startEngine(
      @Observes @Initialized(ApplicationScoped.class) Object started,
      RoomManager rooms,
      Meters meters,
      TokenVerifier tokens,
      AddressSlots slots,
      PageOrigins origins) {
    tokens.enabled(); // made now, so an unreadable key file stops the start
    EngineMeters.bind(meters, rooms);
    List<String> types = new ArrayList<>();
    for (RequestType type : RequestType.values()) {
      types.add(type.name());
    }
    types.add(Meters.OTHER_TYPE);
    meters.requestTypes("chat", types);
    meters.total(
        Meters.REFUSALS,
        Meters.REFUSALS_DESCRIPTION,
        slots,
        AddressSlots::refused,
        "reason",
        AddressSlots.REFUSED);
    meters.total(
        Meters.REFUSALS, Meters.REFUSALS_DESCRIPTION, origins, PageOrigins::refused, "reason", PageOrigins.REFUSED);
    try {
      rooms.status(); // the first call on the client proxy creates the engine
    } catch (Refusal unavailable) {
      // Redis is out of reach: the node starts anyway, refuses requests with UNAVAILABLE and keeps trying
    }
  }
}
