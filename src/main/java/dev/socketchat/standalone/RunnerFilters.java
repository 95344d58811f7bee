package dev.socketchat.standalone;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.config.Settings;
import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.PageOrigins;
import dev.socketchat.domain.RoomManager;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.FileCacheFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Puts the runner's own filters into a listener's chain (after Tyrus's add-on), as two {@link FilterGroup}s, one on
 * each side of Grizzly's HTTP codec: Grizzly keeps 28 bytes per filter on every connection, so the runner's filters
 * cost every connection two places' worth rather than a place each (BENCHMARK.md, issue 15, tenth session). For the
 * same reason it takes Grizzly's file cache filter out: only Grizzly's own static handlers fill that cache, and the
 * runner serves its files with {@link StaticFiles}, so the filter looked every {@code GET} up in an empty cache.
 */
final class RunnerFilters implements AddOn {
  private final Settings settings;
  private final CloseTimeouts closeTimeouts;
  private final ConnectionCapFilter connectionCap;
  private final AddressSlots slots;
  private final PageOrigins origins;
  private final TokenVerifier tokens;
  private final RoomManager rooms;

  RunnerFilters(
      Settings settings,
      CloseTimeouts closeTimeouts,
      ConnectionCapFilter connectionCap,
      AddressSlots slots,
      PageOrigins origins,
      TokenVerifier tokens,
      RoomManager rooms) {
    this.settings = settings;
    this.closeTimeouts = closeTimeouts;
    this.connectionCap = connectionCap;
    this.slots = slots;
    this.origins = origins;
    this.tokens = tokens;
    this.rooms = rooms;
  }

  @Override
  public void setup(NetworkListener listener, FilterChainBuilder builder) {
    int fileCache = builder.indexOfType(FileCacheFilter.class);
    if (fileCache >= 0) {
      builder.remove(fileCache);
    }
    int codec = builder.indexOfType(HttpServerFilter.class);
    if (codec < 0) {
      throw new IllegalStateException("no HTTP codec in the listener's filter chain");
    }
    int tyrus = builder.indexOfType(UpgradedConnectionFilter.tyrusFilter());
    if (tyrus < codec) {
      throw new IllegalStateException("register Tyrus's add-on first, after the HTTP codec");
    }
    UpgradedConnectionFilter upgraded = new UpgradedConnectionFilter(settings);
    // after the codec, in front of Tyrus and the HTTP handlers: a malformed request or handshake is a 400 first, then
    // a page origin not allowed a 403, then an address with all its slots a 429 (or the handshake takes its address
    // and frame sink), then a refused token a 401, then a method the path does not serve (a handshake that came this
    // far is a GET); last, the frames that came with an upgrade request are taken out of it before Tyrus, which would
    // drop them. Writes pass upward from
    // Tyrus and the handlers: the 101 sets the socket up, a refused handshake gets its empty body.
    builder.add(
        codec + 1,
        new FilterGroup(
            new BadRequestFilter(),
            new RefusedOriginFilter(origins),
            new TooManyConnectionsFilter(slots),
            new UnauthorizedHandshakeFilter(tokens, rooms),
            new RefusedHandshakeFilter(),
            new UpgradedSocketFilter(),
            new MethodFilter(),
            new EarlyFramesFilter(upgraded)));
    // right after the transport, before the codec: the connection cap sees every connection accepted before anything
    // reads it; an upgraded connection's bytes go to Tyrus, an HTTP connection's start of a request is checked; the
    // server's close frame, written through here, arms the close timeout
    builder.add(
        codec,
        new FilterGroup(
            connectionCap,
            new CloseTimeoutFilter(closeTimeouts),
            upgraded,
            new RequestLineFilter()));
  }
}
