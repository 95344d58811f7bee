package dev.socketchat.socketio;

/** What an Engine.IO session tells the layer above it (Socket.IO); calls for one session never overlap. */
interface EngineListener {

  /** The session is open and its open packet is on its way. */
  void opened();

  /** A text message arrived. */
  void message(String data);

  /** A binary message arrived. */
  void binary(byte[] data);

  /** The session ended, for the given reason ({@code ping timeout}, {@code transport close}, ...). */
  void closed(String reason);

  /**
   * The session's transport was taken for lost, but its client had left ({@code reason}): what the loss suspended ends,
   * and a close for the loss that comes after this ends the session for {@code reason} instead.
   */
  default void leftAfterLoss(String reason) {}
}
