package dev.socketchat.websocket;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.connection.EndpointPaths;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code access_token} of a {@code /chat} handshake: read from the query, checked before the upgrade (a servlet
 * filter in the WAR, a Grizzly filter in the runner), and refused with HTTP 401 and a JSON body that names the
 * reason, {@code {"status":false,"reason":"BAD_TOKEN"}} or {@code TOKEN_EXPIRED}.
 */
public final class AccessTokens {
  /** The query parameter that carries the token. */
  public static final String PARAMETER = "access_token";

  /** The {@code WWW-Authenticate} header of that answer (RFC 6750). */
  public static final String CHALLENGE = "Bearer error=\"invalid_token\"";

  /** The status of a handshake refused for its token. */
  public static final int UNAUTHORIZED = 401;

  private AccessTokens() {}

  /**
   * The JSON body to answer a {@code /chat} handshake with when its {@code access_token} is refused (counted in {@code
   * rooms}' refusals); null when it may go ahead (auth off, no token, or a good one).
   */
  public static String refusal(TokenVerifier tokens, RoomManager rooms, String path, String query) {
    if (!tokens.enabled() || !"/chat".equals(EndpointPaths.matched(path))) {
      return null;
    }
    String token = parameter(query);
    if (token == null) {
      return null;
    }
    try {
      tokens.verify(token);
      return null;
    } catch (Refusal refused) {
      rooms.refusedAtConnect(refused.reason());
      return "{\"status\":false,\"reason\":\"" + refused.reason().name() + "\"}";
    }
  }

  /**
   * The first {@code access_token} of a query string, decoded; null when it has none. Names are decoded too, as the
   * containers decode them for the endpoint's parameter map: a {@code %61ccess_token} before the {@code access_token}
   * is the token the endpoint signs in with, so it is the one checked here.
   */
  static String parameter(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      if (decoded(equals < 0 ? pair : pair.substring(0, equals)).equals(PARAMETER)) {
        return equals < 0 ? "" : decoded(pair.substring(equals + 1));
      }
    }
    return null;
  }

  /** The text URL-decoded; as it is when an escape is broken (a token so spelt is checked as it is, and refused). */
  private static String decoded(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return text;
    }
  }
}
