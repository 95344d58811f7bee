package dev.socketchat.domain;

import dev.socketchat.testing.RecordingFanOut;
import org.junit.jupiter.api.BeforeEach;

/** The registry rules, kept by the single node's registry in memory. */
class InMemoryRoomRegistryTest extends RoomRegistryContract {
  private RecordingFanOut events;
  private RoomRegistry registry;

  @BeforeEach
  void open() {
    events = new RecordingFanOut();
    registry = new InMemoryRoomRegistry(events, HISTORY);
  }

  @Override
  protected RoomRegistry registry(int node) {
    return registry;
  }

  @Override
  protected String node(int node) {
    return "node" + node;
  }

  @Override
  protected RecordingFanOut events() {
    return events;
  }
}
