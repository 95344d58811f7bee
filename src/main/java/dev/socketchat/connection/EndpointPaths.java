package dev.socketchat.connection;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Request paths as the containers match them to endpoints and servlets: each segment without its {@code ;} parameters
 * and decoded, empty and {@code .} segments dropped, {@code ..} taking the one before it away (as Tomcat normalizes
 * a path before it routes it), so that {@code /chat;a=b}, {@code /%63hat}, {@code //chat} and {@code /x/../chat} are
 * {@code /chat}; a trailing slash stays. Every check that picks requests by their path (an access token's, the
 * per-address cap's, a frame limit's, the runner's methods) reads it so, or a client would pass it by spelling the path
 * another way. A container that does not route such a spelling to the endpoint refuses it anyway.
 */
public final class EndpointPaths {
  private EndpointPaths() {}

  /** The path as matched; null for null. */
  public static String matched(String path) {
    if (path == null) {
      return null;
    }
    Deque<String> kept = new ArrayDeque<>();
    String[] segments = path.split("/", -1);
    for (String raw : segments) {
      String segment = withoutParameters(raw);
      if (segment.equals("..")) {
        kept.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        kept.addLast(segment);
      }
    }
    StringBuilder matched = new StringBuilder();
    for (String segment : kept) {
      matched.append('/').append(segment);
    }
    String last = withoutParameters(segments[segments.length - 1]);
    if (segments.length > 1 && (last.isEmpty() || last.equals(".") || last.equals(".."))) {
      matched.append('/');
    }
    return matched.length() == 0 ? "/" : matched.toString();
  }

  private static String withoutParameters(String segment) {
    int parameters = segment.indexOf(';');
    String bare = parameters < 0 ? segment : segment.substring(0, parameters);
    if (bare.indexOf('%') < 0) {
      return bare;
    }
    try {
      return URLDecoder.decode(bare.replace("+", "%2B"), StandardCharsets.UTF_8); // a path's '+' is a plus
    } catch (IllegalArgumentException badEscape) {
      return bare;
    }
  }
}
