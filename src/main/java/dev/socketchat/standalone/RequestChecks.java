package dev.socketchat.standalone;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * What makes a request bad before any handler sees it: a path that decodes to something no file or endpoint can have
 * (an encoded slash or NUL, a dot segment, broken UTF-8), or a WebSocket handshake that RFC 6455 section 4.2.1 refuses.
 * Each check answers null when the request is fine, else the reason, for the log.
 */
final class RequestChecks {
  /** The end of a request line: the protocol and its version, {@code #} standing for a digit. */
  private static final String VERSION = "HTTP/#.#";
  /** The {@code Sec-WebSocket-Version} of RFC 6455, the only one served. */
  static final String WEBSOCKET_VERSION = "13";

  private RequestChecks() {}

  /**
   * Where, in a request's head (from the buffer's position; as much of it as came), an {@code Upgrade} header names no
   * WebSocket: the index of its name's first letter, or -1. The JDK's HTTP client and {@code curl --http2} ask every
   * http:// request for {@code h2c}, which Grizzly's codec takes as a switch of protocol and reads the body as the new
   * protocol's bytes; the runner, which speaks no other protocol, lets such a header go unread (RFC 9110, section
   * 7.8: a server may ignore it).
   */
  static int foreignUpgradeAt(ByteBuffer bytes) {
    int end = bytes.limit();
    int line = bytes.position();
    while (line < end) {
      int eol = line;
      while (eol < end && bytes.get(eol) != '\n') {
        eol++;
      }
      int length = eol - line;
      if (length == 0 || (length == 1 && bytes.get(line) == '\r')) {
        return -1; // the end of the head
      }
      if (startsWithIgnoringCase(bytes, line, eol, "upgrade:")) {
        StringBuilder value = new StringBuilder();
        for (int at = line + "upgrade:".length(); at < eol; at++) {
          value.append((char) (bytes.get(at) & 0xff));
        }
        if (eol < end && !asksForWebSocket(value.toString())) {
          return line;
        }
      }
      line = eol + 1;
    }
    return -1;
  }

  private static boolean startsWithIgnoringCase(ByteBuffer bytes, int from, int to, String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase((char) (bytes.get(from + i) & 0xff)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why the bytes that start a request (from the buffer's position; not moved) cannot be an HTTP/1.x request line,
   * or null while they may still be one (a line not yet complete is judged on what came). A request line is {@code
   * METHOD SP target SP HTTP/d.d}, after any empty lines (RFC 9112, sections 2.2 and 3): Grizzly's codec waits for
   * more of anything else (a line without a version, a method with a control character, a TLS handshake on the
   * plain port) until its idle timeout, with no answer.
   */
  static String requestLineProblem(ByteBuffer bytes) {
    int at = bytes.position();
    int end = bytes.limit();
    while (at < end && (bytes.get(at) == '\r' || bytes.get(at) == '\n')) {
      at++;
    }
    int method = at;
    while (at < end && isTokenByte(bytes.get(at))) {
      at++;
    }
    if (at == end) {
      return null;
    }
    if (at == method || bytes.get(at) != ' ') {
      return "the request line does not start with a method";
    }
    int target = ++at;
    while (at < end && (bytes.get(at) & 0xff) > ' ' && bytes.get(at) != 0x7f) {
      at++;
    }
    if (at == end) {
      return null;
    }
    if (at == target || bytes.get(at) != ' ') {
      return "the request line has no target, or no HTTP version after it";
    }
    for (int i = 0; i < VERSION.length(); i++) {
      if (++at == end) {
        return null;
      }
      char wanted = VERSION.charAt(i);
      byte b = bytes.get(at);
      if (wanted == '#' ? b < '0' || b > '9' : b != wanted) {
        return "the request line does not end with an HTTP version";
      }
    }
    if (++at < end && bytes.get(at) == '\r') {
      at++;
    }
    return at == end || bytes.get(at) == '\n' ? null : "the request line does not end with an HTTP version";
  }

  /** Whether the byte may be in a token (RFC 9110, section 5.6.2), as a method is. */
  private static boolean isTokenByte(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }

  /** Why this raw (not yet decoded) request path is refused, or null. */
  static String pathProblem(String rawPath) {
    if ("*".equals(rawPath)) {
      return null; // OPTIONS * asks about the server as a whole
    }
    if (rawPath == null || !rawPath.startsWith("/")) {
      return "the path must start with /";
    }
    String decoded = decode(rawPath);
    if (decoded == null) {
      return "the path is not percent-encoded UTF-8";
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "the path holds a control character or a backslash";
      }
    }
    for (String segment : rawPath.split("/", -1)) {
      String lower = segment.toLowerCase(Locale.ROOT);
      if (lower.contains("%2f")) {
        return "the path holds an encoded slash";
      }
      String plain = decode("/" + segment);
      if (plain != null && (plain.equals("/.") || plain.equals("/.."))) {
        return "the path holds a dot segment";
      }
    }
    return null;
  }

  /** Whether an {@code Upgrade} header asks for WebSocket (the request is then a handshake). */
  static boolean asksForWebSocket(String upgrade) {
    return upgrade != null && hasToken(upgrade, "websocket");
  }

  /**
   * Why this WebSocket handshake is refused with 400, or null: RFC 6455 section 4.2.1, items 1, 4 and 5 ({@code
   * connection} and {@code key} hold every {@code Connection} and {@code Sec-WebSocket-Key} header's value, joined
   * by commas; a second key is refused, section 11.3.1).
   */
  static String handshakeProblem(String method, String protocol, String connection, String key) {
    if (!"GET".equals(method)) {
      return "a WebSocket handshake is a GET";
    }
    if (!"HTTP/1.1".equals(protocol)) {
      return "a WebSocket handshake is an HTTP/1.1 request";
    }
    if (connection == null || !hasToken(connection, "upgrade")) {
      return "a WebSocket handshake needs Connection: Upgrade";
    }
    if (key == null) {
      return "a WebSocket handshake needs Sec-WebSocket-Key";
    }
    if (key.indexOf(',') >= 0) {
      return "a WebSocket handshake has one Sec-WebSocket-Key";
    }
    try {
      if (Base64.getDecoder().decode(key.strip()).length != 16) {
        return "Sec-WebSocket-Key must be 16 bytes in base64";
      }
    } catch (IllegalArgumentException e) {
      return "Sec-WebSocket-Key must be 16 bytes in base64";
    }
    return null;
  }

  /**
   * Whether the handshake asks for the one WebSocket version there is (RFC 6455 section 4.2.1, item 6); {@code
   * version} holds every {@code Sec-WebSocket-Version} header's value, joined by commas (none: empty).
   */
  static boolean knownVersion(String version) {
    return version != null && version.strip().equals(WEBSOCKET_VERSION);
  }

  private static boolean hasToken(String list, String token) {
    for (String item : list.split(",", -1)) {
      if (item.strip().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** The path percent-decoded as UTF-8, or null when an escape or the UTF-8 is broken. */
  private static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c > 0xff) {
        return null; // the raw path holds bytes, one char each
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
