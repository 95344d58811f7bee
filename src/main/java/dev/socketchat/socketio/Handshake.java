package dev.socketchat.socketio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client said when it opened its Engine.IO session: the query parameters of the first request ({@code EIO},
 * {@code transport}, and the application's own, such as Socket.IO's {@code query} option).
 */
public record Handshake(Map<String, String> query) {
  /** Queries longer than this are refused as a bad request. */
  static final int MAX_QUERY_LENGTH = 8 * 1024;

  public Handshake {
    query = Map.copyOf(query);
  }

  /** The first value of a query parameter, or null when absent. */
  public String query(String name) {
    return query.get(name);
  }

  /**
   * Reads a raw query string ({@code a=1&b=x%20y}); the first value of a repeated name wins.
   *
   * @throws IllegalArgumentException when it is too long or badly escaped
   */
  static Handshake parse(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new Handshake(query);
    }
    if (rawQuery.length() > MAX_QUERY_LENGTH) {
      throw new IllegalArgumentException("query too long");
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      query.putIfAbsent(name, value);
    }
    return new Handshake(query);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
