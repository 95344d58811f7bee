package dev.socketchat.socketio;

/** A packet that breaks the Engine.IO or Socket.IO rules; the session that sent it is closed. */
final class ProtocolViolation extends RuntimeException {

  ProtocolViolation(String problem) {
    super(problem, null, false, false);
  }
}
