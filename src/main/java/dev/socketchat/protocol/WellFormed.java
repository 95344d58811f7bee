package dev.socketchat.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Whether text a client sent can ever be sent back out: well-formed UTF-16, with no unpaired surrogate (JSON lets a
 * {@code \ud800} escape through; no UTF-8 encoder, the container's included, can write it). Checked before anything
 * is echoed or broadcast.
 */
public final class WellFormed {
  private WellFormed() {}

  /** Whether every surrogate in the text is half of a pair. */
  public static boolean text(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text cut to at most {@code max} characters and an ellipsis, never between the two halves of a surrogate pair
   * (half a pair could not be sent back); text that fits is returned as it is.
   */
  public static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }

  /** Whether every string and every member name in the value is well-formed; walks without recursion. */
  public static boolean json(JsonValue value) {
    Deque<JsonValue> left = new ArrayDeque<>();
    left.push(value);
    while (!left.isEmpty()) {
      JsonValue next = left.pop();
      if (next instanceof JsonString string) {
        if (!text(string.getString())) {
          return false;
        }
      } else if (next instanceof JsonObject object) {
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
          if (!text(member.getKey())) {
            return false;
          }
          left.push(member.getValue());
        }
      } else if (next instanceof JsonArray array) {
        array.forEach(left::push);
      }
    }
    return true;
  }
}
