package dev.socketchat.socketio;

/** The Engine.IO errors an HTTP request is refused with (status 400, body {@code {"code":N,"message":"..."}}). */
enum EngineError {
  UNKNOWN_TRANSPORT("Transport unknown"),
  UNKNOWN_SID("Session ID unknown"),
  BAD_HANDSHAKE_METHOD("Bad handshake method"),
  BAD_REQUEST("Bad request"),
  FORBIDDEN("Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION("Unsupported protocol version");

  private final String message;

  EngineError(String message) {
    this.message = message;
  }

  /** The JSON body of the refusal. */
  String body() {
    return "{\"code\":" + ordinal() + ",\"message\":\"" + message + "\"}";
  }

  String message() {
    return message;
  }
}
