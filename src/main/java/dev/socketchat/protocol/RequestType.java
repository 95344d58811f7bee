package dev.socketchat.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The request types a {@code /chat} client may send, each with the type of its reply. The lobby feed's two, the
 * room history, the session resume, the kick and the sign-in are extensions of the README dialect; the last
 * two are the {@linkplain Dialect#APP app dialect}'s own.
 */
public enum RequestType {
  CLIENT_ROOM_CREATE("SERVER_ROOM_CREATE"),
  CLIENT_ROOM_DELETE("SERVER_ROOM_DELETE"),
  CLIENT_ROOM_JOIN("SERVER_ROOM_JOIN"),
  CLIENT_ROOM_EXIT("SERVER_ROOM_EXIT"),
  CLIENT_CHAT_SEND("SERVER_CHAT_SEND"),
  CLIENT_ROOM_LIST("SERVER_ROOM_LIST"),
  CLIENT_LOBBY_SUBSCRIBE("SERVER_LOBBY_SUBSCRIBE"),
  CLIENT_LOBBY_UNSUBSCRIBE("SERVER_LOBBY_UNSUBSCRIBE"),
  CLIENT_ROOM_HISTORY("SERVER_ROOM_HISTORY"),
  CLIENT_SESSION_RESUME("SERVER_SESSION_RESUME"),
  CLIENT_ROOM_KICK("SERVER_ROOM_KICK"),
  CLIENT_AUTH("SERVER_AUTH"),
  CLIENT_NAME_SET("SERVER_NAME_SET"),
  CLIENT_ROOM_GET("SERVER_ROOM_GET");

  private static final Map<String, RequestType> BY_NAME =
      Stream.of(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  private final String replyType;

  RequestType(String replyType) {
    this.replyType = replyType;
  }

  /** The {@code type} of the reply to this request. */
  public String replyType() {
    return replyType;
  }

  /** The request type with this exact wire name, if there is one. */
  public static Optional<RequestType> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
