package dev.socketchat.connection;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Request paths as the containers match them to endpoints and servlets: each segment without its {@code ;} parameters,
 * and decoded, so that {@code /chat;a=b} and {@code /%63hat} are {@code /chat}. Every check that picks requests by
 * their path (an access token's, the per-address cap's, a frame limit's, the runner's methods) reads it so, or a
 * client would pass it by spelling the path another way.
 */
public final class EndpointPaths {
  private EndpointPaths() {}

  /** The path as matched; null for null. */
  public static String matched(String path) {
    if (path == null) {
      return null;
    }
    String[] segments = path.split("/", -1);
    StringBuilder matched = new StringBuilder(withoutParameters(segments[0]));
    for (int i = 1; i < segments.length; i++) {
      matched.append('/').append(withoutParameters(segments[i]));
    }
    return matched.toString();
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
