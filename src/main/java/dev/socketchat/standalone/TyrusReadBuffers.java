package dev.socketchat.standalone;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Lets go of the read buffer Tyrus keeps for each connection once a read has left nothing in it. Tyrus's read handler
 * (2.1) keeps the buffer of its last read for good, 256 bytes or more (the largest frame read so far), though it holds
 * bytes only while a frame is incomplete; an idle connection needs none, and the next read allocates one as the first
 * read did. It reaches the handler's private field by name; a Tyrus without it leaves every buffer where it is (and
 * {@code TyrusInternalsTest} fails).
 */
final class TyrusReadBuffers {
  /** Tyrus's read handler, private inside its engine. */
  static final String READ_HANDLER = "org.glassfish.tyrus.core.TyrusWebSocketEngine$TyrusReadHandler";

  private static final Class<?> HANDLER = findHandlerClass();
  private static final VarHandle BUFFER = bufferField(HANDLER);

  private TyrusReadBuffers() {}

  /** Whether buffers can be released with this Tyrus. */
  static boolean releasable() {
    return BUFFER != null;
  }

  /**
   * Drops {@code reader}'s buffer if it holds no unread bytes. Called in the connection's read order, after the reader
   * handled a read, so no other read of the same connection runs meanwhile.
   */
  static void releaseIfEmpty(ReadHandler reader) {
    if (BUFFER == null || reader.getClass() != HANDLER) {
      return;
    }
    ByteBuffer kept = (ByteBuffer) BUFFER.getVolatile(reader);
    if (kept != null && !kept.hasRemaining()) {
      BUFFER.compareAndSet(reader, kept, null);
    }
  }

  /** Tyrus's read handler class; null when this Tyrus has none by that name. */
  static Class<?> handlerClass() {
    return HANDLER;
  }

  private static Class<?> findHandlerClass() {
    try {
      return Class.forName(READ_HANDLER, false, ReadHandler.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static VarHandle bufferField(Class<?> handler) {
    if (handler == null) {
      return null;
    }
    try {
      return MethodHandles.privateLookupIn(handler, MethodHandles.lookup())
          .findVarHandle(handler, "buffer", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
