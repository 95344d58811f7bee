package dev.socketchat.testing;

import java.util.List;
import java.util.Random;

/**
 * Hostile input drawn from a seeded {@link Random}, so a run can be replayed from its seed: text with broken
 * surrogates, control, format and invisible characters; JSON with wrong types, deep nesting, huge numbers, truncated
 * or trailing text; {@code /chat} frames and Socket.IO packets built from them.
 */
public final class HostileFrames {
  /** Characters that break, hide or disguise text. */
  private static final String[] NASTY = {
    "\ud800", "\udc00", "\udfff", "\udc00\ud800", "\ud83d", "\ude00", // unpaired or reversed surrogates
    "\u0000", "\u0001", "\u0007", "\t", "\n", "\r", "\u001b", "\u001e", "\u007f", "\u0085", // controls
    "\u2028", "\u2029", // line and paragraph separators
    "\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u2066", "\u2069", "\ufeff", "\u00ad", "\u180e", "\u2060",
    "\u034f", "\u115f", "\u3164", "\ufe0f", "\udb40\udc01", "\udb40\udc41", // format and default-ignorable
    "\u00a0", "\u1680", "\u2000", "\u2007", "\u200a", "\u202f", "\u205f", "\u3000", // Unicode spaces
    "\uff41", "\ufb01", "\u2126", "\u212a", "\u017f", "\u0130", "\u00df", "\u03c2", "e\u0301", "\u00e9", // look-alikes
    "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udcbb", "\ud840\udc0b", "여행", "\"", "\\", "/", "…", // well-formed
  };
  private static final String[] PLAIN = {"a", "alice", "Bob", "room", "hi", "x", " ", "0", "1", "-", "."};
  private static final String[] HUGE_NUMBERS = {
    "1e999999999", "-1e999999999", "1E-999999999", "123456789012345678901234567890", "2147483648", "-2147483649",
    "9223372036854775808", "0.0000000000000000000000001", "1e400", "5e0", "5.0", "5.5", "-0", "0", "-1", "1e10",
    "0e-999999999", "4294967297", "1" + "0".repeat(4000),
  };
  private static final List<String> CHAT_TYPES =
      List.of(
          "CLIENT_ROOM_CREATE", "CLIENT_ROOM_DELETE", "CLIENT_ROOM_JOIN", "CLIENT_ROOM_EXIT", "CLIENT_CHAT_SEND",
          "CLIENT_ROOM_LIST", "CLIENT_LOBBY_SUBSCRIBE", "CLIENT_LOBBY_UNSUBSCRIBE", "CLIENT_NAME_SET",
          "CLIENT_ROOM_GET", "CLIENT_ROOM_HISTORY", "CLIENT_SESSION_RESUME", "CLIENT_ROOM_KICK", "CLIENT_AUTH",
          "SERVER_ROOM_LIST", "client_room_list", "");
  private static final List<String> CHAT_FIELDS =
      List.of(
          "type", "requestId", "roomID", "roomId", "userName", "roomName", "message", "after", "before", "limit",
          "session", "rooms", "seq", "target", "reason", "token");
  private static final List<String> EVENTS = List.of("join_room", "chatting", "leave_room", "exit_room", "connect");
  private static final List<String> EVENT_FIELDS = List.of("type", "mem_cnt", "idx", "msg", "name");

  private HostileFrames() {}

  /** Text of up to {@code maxPieces} pieces: plain words, nasty characters, sometimes a long run of one of them. */
  public static String text(Random random, int maxPieces) {
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(maxPieces + 1);
    for (int i = 0; i < pieces; i++) {
      String piece = random.nextInt(3) == 0 ? pick(random, PLAIN) : pick(random, NASTY);
      text.append(random.nextInt(40) == 0 ? piece.repeat(1 + random.nextInt(200)) : piece);
    }
    return text.toString();
  }

  /** A JSON string literal holding the text, each character escaped or raw at random (controls raw too, at times). */
  public static String jsonString(Random random, String text) {
    StringBuilder json = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if ((c < 0x20 || Character.isSurrogate(c) || c > 0x7e) && random.nextInt(8) != 0) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  /** Any JSON value, nested up to {@code depth}: numbers huge and small, hostile strings, arrays, objects. */
  public static String jsonValue(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 6);
    return switch (kind) {
      case 0 -> pick(random, HUGE_NUMBERS);
      case 1 -> Integer.toString(random.nextInt(20) - 2);
      case 2 -> pick(random, new String[] {"true", "false", "null"});
      case 3, 4, 5 -> jsonString(random, text(random, 6));
      case 6 -> array(random, depth - 1);
      default -> object(random, depth - 1, List.of("a", "type", "msg", "", "\ud800"));
    };
  }

  /** A {@code /chat} frame: usually an object of the protocol's fields with values of any type, then mangled. */
  public static String chatFrame(Random random) {
    StringBuilder frame = new StringBuilder("{");
    frame.append("\"type\":").append(random.nextInt(4) == 0 ? jsonValue(random, 1) : typeName(random));
    int fields = random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      frame.append(',').append(jsonString(random, pick(random, CHAT_FIELDS))).append(':').append(fieldValue(random));
    }
    return mangle(random, frame.append('}').toString());
  }

  /** A Socket.IO packet's text (without the Engine.IO {@code 4}): mostly events with acks, then mangled. */
  public static String socketIoPacket(Random random) {
    StringBuilder packet = new StringBuilder();
    int kind = random.nextInt(12);
    packet.append(kind < 9 ? "2" : Integer.toString(random.nextInt(10)));
    if (random.nextInt(10) == 0) {
      packet.append(random.nextInt(30)).append('-');
    }
    if (random.nextInt(10) == 0) {
      packet.append('/').append(text(random, 2)).append(',');
    }
    if (random.nextInt(4) != 0) {
      packet.append(random.nextInt(20) == 0 ? pick(random, HUGE_NUMBERS) : Integer.toString(random.nextInt(1000)));
    }
    return mangle(random, packet.append(eventArray(random)).toString());
  }

  /**
   * A Socket.IO event the protocol allows ({@code 2<ack id>["name",...]} on the default namespace), its name and
   * arguments hostile: what the chat itself must refuse, since the Socket.IO layer cannot.
   */
  public static String socketIoEvent(Random random) {
    String name = jsonString(random, random.nextInt(8) == 0 ? text(random, 3) : event(random));
    StringBuilder args = new StringBuilder("[").append(name);
    int more = random.nextInt(3);
    for (int i = 0; i < more; i++) {
      args.append(',').append(random.nextBoolean() ? eventObject(random) : jsonValue(random, 2));
    }
    return "2" + random.nextInt(1000) + args.append(']');
  }

  private static String eventArray(Random random) {
    StringBuilder args = new StringBuilder("[");
    args.append(random.nextInt(6) == 0 ? jsonValue(random, 1) : jsonString(random, event(random)));
    int more = random.nextInt(3);
    for (int i = 0; i < more; i++) {
      args.append(',').append(random.nextBoolean() ? eventObject(random) : jsonValue(random, 2));
    }
    return args.append(']').toString();
  }

  /** Nested arrays {@code depth} deep: deeper than any parser should follow, at times. */
  public static String deepNesting(int depth, boolean closed) {
    return "[".repeat(depth) + (closed ? "]".repeat(depth) : "");
  }

  /** Picks one of the values. */
  public static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Picks one of the values. */
  public static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String typeName(Random random) {
    String name = CHAT_TYPES.get(random.nextInt(CHAT_TYPES.size()));
    return jsonString(random, random.nextInt(6) == 0 ? name + text(random, 2) : name);
  }

  private static String event(Random random) {
    String name = EVENTS.get(random.nextInt(EVENTS.size()));
    return random.nextInt(6) == 0 ? name + text(random, 2) : name;
  }

  private static String fieldValue(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> Integer.toString(random.nextInt(5));
      case 1, 2 -> jsonString(random, text(random, 4));
      default -> jsonValue(random, 2);
    };
  }

  private static String eventObject(Random random) {
    StringBuilder object = new StringBuilder("{");
    int fields = random.nextInt(4);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        object.append(',');
      }
      object.append(jsonString(random, EVENT_FIELDS.get(random.nextInt(EVENT_FIELDS.size())))).append(':');
      object.append(fieldValue(random));
    }
    return object.append('}').toString();
  }

  private static String array(Random random, int depth) {
    StringBuilder array = new StringBuilder("[");
    int items = random.nextInt(4);
    for (int i = 0; i < items; i++) {
      array.append(i > 0 ? "," : "").append(jsonValue(random, depth));
    }
    return array.append(']').toString();
  }

  private static String object(Random random, int depth, List<String> keys) {
    StringBuilder object = new StringBuilder("{");
    int members = random.nextInt(4);
    for (int i = 0; i < members; i++) {
      object.append(i > 0 ? "," : "").append(jsonString(random, keys.get(random.nextInt(keys.size()))));
      object.append(':').append(jsonValue(random, depth));
    }
    return object.append('}').toString();
  }

  /** Leaves the text alone most times; else truncates it, nests it deep, or adds text before or after it. */
  private static String mangle(Random random, String text) {
    return switch (random.nextInt(12)) {
      case 0 -> text.substring(0, random.nextInt(text.length() + 1));
      case 1 -> text + pick(random, new String[] {" trailing", "}", "]", ",", "\u0000", "{}", " "});
      case 2 -> {
        int depth = random.nextInt(3) == 0 ? 2_000 + random.nextInt(8_000) : 1 + random.nextInt(100);
        int cut = text.indexOf('[') >= 0 ? text.indexOf('[') : Math.min(1, text.length());
        yield text.substring(0, cut) + deepNesting(depth, random.nextBoolean()) + text.substring(cut);
      }
      case 3 -> pick(random, new String[] {"", " ", "null", "[]", "42", "\"x\"", "{", "{}"}) + text(random, 3);
      default -> text;
    };
  }
}
