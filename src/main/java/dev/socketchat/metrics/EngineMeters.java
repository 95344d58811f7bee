package dev.socketchat.metrics;

import dev.socketchat.domain.EngineTally;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomManager;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** The room engine's gauges and totals: rooms, memberships, refusals by reason, what became of dropped sessions. */
public final class EngineMeters {
  private EngineMeters() {}

  /** Registers the engine's meters; they read it when scraped. */
  public static void bind(Meters meters, RoomManager rooms) {
    if (!meters.enabled()) {
      return;
    }
    // in cluster mode the counts come from Redis: one read serves a whole scrape
    Supplier<RoomManager.Status> status = meters.perScrape(rooms::status);
    counted(meters, status, "socketchat.rooms", "owned rooms (the whole cluster's)", s -> s.registry().ownedRooms());
    counted(
        meters, status, "socketchat.rooms.open", "Socket.IO open rooms (the whole cluster's)", s -> s.registry().openRooms());
    counted(
        meters,
        status,
        "socketchat.memberships",
        "memberships over all rooms (the whole cluster's)",
        s -> s.registry().memberships());
    counted(meters, status, "socketchat.seats", "seats of this node's connections in rooms", RoomManager.Status::seats);
    counted(
        meters,
        status,
        "socketchat.sessions.waiting",
        "dropped connections suspended now, waiting for their clients to resume",
        RoomManager.Status::suspended);
    EngineTally tally = rooms.tally();
    for (Reason reason : Reason.values()) {
      meters.total(
          Meters.REFUSALS,
          Meters.REFUSALS_DESCRIPTION,
          tally,
          t -> t.refusals(reason),
          "reason",
          reason.name());
    }
    meters.total("socketchat.sessions.suspended", "connections suspended after a drop", tally, EngineTally::suspended);
    meters.total("socketchat.sessions.resumed", "sessions resumed by a new connection", tally, EngineTally::resumed);
    meters.total(
        "socketchat.sessions.expired", "suspended sessions whose client did not come back", tally, EngineTally::expired);
    meters.total(
        "socketchat.sessions.replayed.events", "missed events replayed to resumed sessions", tally, EngineTally::replayed);
    meters.total("socketchat.redis.outages", "times Redis went out of reach (cluster mode)", rooms, RoomManager::outages);
  }

  /** A gauge over the engine's status; NaN while it cannot be read (Redis out of reach). */
  private static void counted(
      Meters meters,
      Supplier<RoomManager.Status> status,
      String name,
      String description,
      ToDoubleFunction<RoomManager.Status> value) {
    meters.gauge(
        name,
        description,
        status,
        source -> {
          try {
            return value.applyAsDouble(source.get());
          } catch (Refusal unavailable) {
            return Double.NaN;
          }
        });
  }
}
