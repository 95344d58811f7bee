package dev.socketchat.domain;

/**
 * How much of its past an owned room keeps and shows.
 *
 * @param size the most recent messages a joiner gets with its join (0: none)
 * @param keep the events (chat, joins, exits) a room keeps for its members to page back through and for resumed
 *     sessions to catch up on (0: none); they end with the room
 */
public record HistoryLimits(int size, int keep) {
  /** The most messages one {@code CLIENT_ROOM_HISTORY} page carries. */
  public static final int MAX_PAGE = 100;

  public HistoryLimits {
    if (size < 0 || keep < 0) {
      throw new IllegalArgumentException("socketchat.history.size and socketchat.history.keep must be 0 or more");
    }
  }

  /** 50 messages on join, 1000 kept per room. */
  public static HistoryLimits defaults() {
    return new HistoryLimits(50, 1000);
  }
}
