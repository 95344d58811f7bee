package dev.socketchat.config;

import dev.socketchat.domain.InMemoryRoomRegistry;
import dev.socketchat.domain.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Produces what the room engine is built from: the settings, the clock and the registry to use. */
@ApplicationScoped
public class EngineProducers {

  @Produces
  @Singleton
  Settings settings() {
    return Settings.fromEnvironment();
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  RoomRegistry.Factory registries() {
    return InMemoryRoomRegistry::new;
  }
}
