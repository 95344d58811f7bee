package dev.socketchat.connection;

import jakarta.websocket.SendHandler;

/**
 * A way to write whole WebSocket frames, framed already, to one connection, past the container's encoding of every
 * send: a broadcast is then framed once for all its recipients ({@link TextFrames}). Only a runner that owns its
 * container offers one (the standalone jar, handed over by {@link Handshakes}); the WARs send through the portable
 * API. A frame written here skips the container's per-send bookkeeping, such as restarting a session's idle timeout:
 * socketchat sets none (its heartbeat finds dead peers), and one set later would have to be kept by the sink.
 */
public interface FrameSink {
  /**
   * Writes one frame, in order after every frame written before it on this connection (by this sink or the
   * container), and reports the result to {@code done}, on this thread or another. The array is the frame's whole
   * bytes, shared by every recipient of a broadcast: it is only read, never changed. A connection's sink is given one
   * write at a time: the next comes only after {@code done} was called for this one.
   *
   * @return false when it cannot write now (the connection is not fully upgraded yet, or no longer open): nothing was
   *     written and {@code done} will not be called
   */
  boolean write(byte[] frame, SendHandler done);

  /**
   * When ({@link System#nanoTime}) the peer last sent a ping, which the container answers by itself without telling
   * the endpoint: a sign of life all the same. 0 when the runner cannot tell (or no ping came yet).
   */
  default long pingedAt() {
    return 0;
  }

  /**
   * Whether the connection under the sink has ended: its socket closed, after the close frame and everything before it
   * went out (or the peer went away). A runner that cannot tell says true, once the container has the close.
   */
  default boolean ended() {
    return true;
  }

  /**
   * Tells the sink where a close the runner decides for what the peer sent (a frame over the limit) goes: the outbox
   * that queues the connection's frames ({@link Outbox#refuseFrame}), or the protocol over it, so that the close goes
   * out after the answers queued before it, not ahead of them. Called once the connection's endpoint has opened its
   * outbox, whether or not the outbox writes through the sink.
   */
  default void refusesThrough(FrameRefusals refusals) {}
}
