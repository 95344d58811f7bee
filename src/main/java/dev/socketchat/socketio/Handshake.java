package dev.socketchat.socketio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client said when it opened its Engine.IO session: the query parameters of the first request ({@code EIO},
 * {@code transport}, and the application's own, such as Socket.IO's {@code query} option).
 */
public record Handshake(Map<String, String> query) {
  /**
   * Queries longer than this are refused as a bad request: Node's HTTP server takes a head of 16 KiB, so Socket.IO's
   * own server answers a query up to that long with its {@code connect_error}.
   */
  static final int MAX_QUERY_LENGTH = 16 * 1024;

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
   * @throws IllegalArgumentException when it is too long, badly escaped, or its escapes are not UTF-8
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

  /**
   * Decodes {@code application/x-www-form-urlencoded} text as {@code URLDecoder} does, but refuses escapes that are
   * not UTF-8 rather than turning them into U+FFFD: a name sent as {@code %FF} is a bad request, as a WebSocket text
   * frame that is not UTF-8 is (1007).
   */
  private static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text.replace('+', ' ');
    }
    StringBuilder decoded = new StringBuilder(text.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        bytes.reset();
        while (i < text.length() && text.charAt(i) == '%') {
          if (i + 2 >= text.length()) {
            throw new IllegalArgumentException("incomplete escape");
          }
          bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
          i += 3;
        }
        decoded.append(utf8(bytes.toByteArray()));
      } else {
        decoded.append(c == '+' ? ' ' : c);
        i++;
      }
    }
    return decoded.toString();
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("escapes that are not UTF-8", e);
    }
  }
}
