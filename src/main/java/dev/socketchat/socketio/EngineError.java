package dev.socketchat.socketio;

/** The Engine.IO errors an HTTP request is refused with (status 400, body {@code {"code":N,"message":"..."}}). */
enum EngineError {
  UNKNOWN_TRANSPORT(0, "Transport unknown"),
  UNKNOWN_SID(1, "Session ID unknown"),
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
  BAD_REQUEST(3, "Bad request"),
  FORBIDDEN(4, "Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

  private final int code;
  private final String message;

  EngineError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  /** The JSON body of the refusal. */
  String body() {
    return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
  }

  String message() {
    return message;
  }
}
