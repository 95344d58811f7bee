package dev.socketchat.web;

import java.util.Objects;

/** RFC 9110 {@code If-None-Match}: whether a request's entity tags match the current one, compared weakly. */
public final class EntityTags {
  private EntityTags() {}

  /**
   * Whether {@code ifNoneMatch} (the header's value, or null when absent) names {@code etag}, so the answer is 304:
   * {@code *} matches any, and tags compare weakly ({@code W/"1"} matches {@code "1"}), as section 13.1.2 requires.
   * A header that is not a well-formed list matches nothing.
   */
  public static boolean matches(String ifNoneMatch, String etag) {
    Objects.requireNonNull(etag, "etag");
    if (ifNoneMatch == null) {
      return false;
    }
    String current = opaque(etag);
    String list = ifNoneMatch.strip();
    if (list.equals("*")) {
      return true;
    }
    int at = 0;
    while (at < list.length()) {
      char c = list.charAt(at);
      if (c == ',' || c == ' ' || c == '\t') {
        at++;
        continue;
      }
      int start = list.startsWith("W/", at) ? at + 2 : at;
      if (start >= list.length() || list.charAt(start) != '"') {
        return false;
      }
      int end = list.indexOf('"', start + 1);
      if (end < 0) {
        return false;
      }
      if (list.substring(start, end + 1).equals(current)) {
        return true;
      }
      at = end + 1;
    }
    return false;
  }

  /** The quoted part of a tag, without its weakness indicator. */
  private static String opaque(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }
}
