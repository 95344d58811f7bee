package dev.socketchat.domain;

/**
 * How many rooms one connection may own and be in at once, and how many owned rooms the server holds, so no client
 * can fill the server with rooms.
 *
 * @param ownedPerConnection owned rooms one connection may hold at once
 * @param membershipsPerConnection rooms (owned and open) one connection may be in at once
 * @param roomsPerServer owned rooms the whole server (the whole cluster) holds at once
 */
public record RoomLimits(int ownedPerConnection, int membershipsPerConnection, int roomsPerServer) {
  /** No limits at all. */
  public static final RoomLimits NONE = new RoomLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  public RoomLimits {
    if (ownedPerConnection < 1 || membershipsPerConnection < 1 || roomsPerServer < 1) {
      throw new IllegalArgumentException("socketchat.limits room counts must be at least 1");
    }
  }

  /** The refusal of a create when the server (the cluster) holds {@code roomsPerServer} owned rooms already. */
  public static Refusal serverFull(int roomsPerServer) {
    return new Refusal(Reason.TOO_MANY_ROOMS, "the server holds " + roomsPerServer + " rooms, its most; try later");
  }

  /** 32 owned rooms and 128 memberships per connection, as Centrifugo's 128 channels per client; 10,000 rooms. */
  public static RoomLimits defaults() {
    return new RoomLimits(32, 128, 10_000);
  }
}
