package dev.socketchat.connection;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a reader has taken, where the container completes a send once the frame is in its own buffers rather than on
 * the socket (Tyrus in a servlet container: Payara, GlassFish), so a send that never completes cannot show a reader
 * that stopped. Each ping carries how much had been handed to the container before it, masked with a secret of the
 * connection's; the pong that echoes it says the reader took all of that. A pong the client made up (unsolicited, or
 * with a payload of its own) unmasks to a number far outside what was handed over, and vouches for nothing.
 */
final class ReadReceipts {
  /** The package of Tyrus's servlet integration, whose writer completes a send once the servlet stream took it. */
  private static final String SERVLET_TYRUS = "org.glassfish.tyrus.servlet.";

  /** How much may be handed over since the last ping before another is sent to ask how far the reader got. */
  private final long every;

  /** Masks the counts in pings: only a client that read a ping can echo a count that unmasks to one we sent. */
  private final long secret = ThreadLocalRandom.current().nextLong();

  private long handed;
  private long read;
  private long asked;

  ReadReceipts(long every) {
    this.every = every;
  }

  /** Whether the session's container completes sends before the socket took them (its WebSocket container says). */
  static boolean needed(Session session) {
    Object container = session.getContainer();
    return container != null && container.getClass().getName().startsWith(SERVLET_TYRUS);
  }

  /** Notes {@code weight} handed to the container; true when a ping is due to ask how far the reader got. */
  synchronized boolean handed(long weight) {
    handed += weight;
    return handed - asked >= every;
  }

  /** How much was handed to the container and not yet shown taken by a pong. */
  synchronized long unread() {
    return handed - read;
  }

  /** The payload of a ping about to go out: how much has been handed over so far. */
  synchronized ByteBuffer ping() {
    asked = handed;
    return ByteBuffer.allocate(Long.BYTES).putLong(0, asked ^ secret);
  }

  /**
   * Notes a pong: how much more the reader has taken since the last one (0 for a pong that echoes none of our pings).
   */
  synchronized long pong(ByteBuffer payload) {
    if (payload.remaining() != Long.BYTES) {
      return 0;
    }
    long mark = payload.getLong(payload.position()) ^ secret;
    if (mark <= read || mark > asked) {
      return 0; // an echo of an older ping, or no echo of ours at all
    }
    long took = mark - read;
    read = mark;
    return took;
  }
}
