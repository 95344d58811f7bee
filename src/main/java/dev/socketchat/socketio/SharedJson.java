package dev.socketchat.socketio;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider the Socket.IO code builds its values with: {@code Json.createObjectBuilder()} and its
 * siblings look the provider up again on every call, which costs more than the building itself.
 */
public final class SharedJson {
  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private SharedJson() {}

  public static JsonProvider get() {
    return PROVIDER;
  }
}
