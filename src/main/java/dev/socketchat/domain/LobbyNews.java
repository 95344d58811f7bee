package dev.socketchat.domain;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** One batch of lobby changes on its way to the subscribers: rendered once per wire format, the same frame for all. */
public final class LobbyNews {
  private final List<LobbyChange> changes;
  // the last renderer and its frame; a batch is handed out on one thread, under the feed's lock
  private Function<LobbyNews, ?> lastRenderer;
  private Object lastFrame;

  public LobbyNews(List<LobbyChange> changes) {
    this.changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
  }

  /** The changes, at most one per room, each room's latest. */
  public List<LobbyChange> changes() {
    return changes;
  }

  /** The batch rendered by the given renderer, computed on first use and reused while the same renderer asks. */
  @SuppressWarnings("unchecked")
  public <T> T frame(Function<LobbyNews, T> renderer) {
    if (renderer != lastRenderer) {
      lastFrame = renderer.apply(this);
      lastRenderer = renderer;
    }
    return (T) lastFrame;
  }
}
