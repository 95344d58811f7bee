package dev.socketchat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.Connection;
import dev.socketchat.domain.InMemoryRoomRegistry;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.domain.RoomName;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The engine's gauges say what the engine holds at every scrape, as /status does, not what it held a moment ago. */
class EngineMetersTest {
  private final RoomManager rooms = new RoomManager(InMemoryRoomRegistry::new, Clock.systemUTC());

  @Test
  void aScrapeRightAfterARoomIsCreatedOrDeletedCountsIt() {
    try (Meters meters = Meters.on()) {
      EngineMeters.bind(meters, rooms);
      assertThat(gauge(meters, "socketchat_rooms")).isZero();

      Connection owner = rooms.connect((broadcast, toOrigin) -> {});
      rooms.create(owner, new Nickname("owner"), new RoomName("counted"), null);
      assertThat(gauge(meters, "socketchat_rooms")).isEqualTo(1);
      assertThat(gauge(meters, "socketchat_memberships")).isEqualTo(1);
      assertThat(gauge(meters, "socketchat_seats")).isEqualTo(1);

      rooms.disconnect(owner);
      assertThat(gauge(meters, "socketchat_rooms")).isZero();
      assertThat(gauge(meters, "socketchat_memberships")).isZero();
      assertThat(gauge(meters, "socketchat_seats")).isZero();
    }
  }

  @Test
  void everyGaugeOfOneScrapeReadsTheSameCounts() {
    int[] reads = {0};
    RoomManager counted =
        new RoomManager(InMemoryRoomRegistry::new, Clock.systemUTC()) {
          @Override
          public Status status() {
            reads[0]++;
            return super.status();
          }
        };
    try (Meters meters = Meters.on()) {
      EngineMeters.bind(meters, counted);
      var unused = meters.scrape();
      var unusedToo = meters.scrape();
      assertThat(reads[0]).isEqualTo(2);
    }
  }

  /** The value of an untagged series in a fresh scrape. */
  private static double gauge(Meters meters, String series) {
    return meters.scrape().orElseThrow().lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " is not in the scrape"));
  }
}
