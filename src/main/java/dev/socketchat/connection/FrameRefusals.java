package dev.socketchat.connection;

import jakarta.websocket.CloseReason;

/**
 * Where a close the runner decides for a frame it refused before the endpoint saw it (too large, unmasked) goes: the
 * connection's {@link Outbox}, or the protocol over it that first hands the outbox what it held back (Engine.IO).
 */
public interface FrameRefusals {
  /** Closes the connection with {@code close} once the answers to the frames before the refused one have gone out. */
  void refuseFrame(CloseReason close);

  /**
   * Learns the outbox these refusals close through, as it is made: before the runner can hand a refusal here. The
   * outbox itself needs no telling.
   */
  default void closeThrough(Outbox outbox) {}
}
