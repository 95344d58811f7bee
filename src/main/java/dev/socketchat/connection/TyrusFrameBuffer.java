package dev.socketchat.connection;

import dev.socketchat.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.util.Optional;

/**
 * Sizes Tyrus's frame buffer for a Socket.IO message of {@code max-payload} sent as one frame, and on Payara, where
 * only the web application's own descriptor can size it, warns at start when it is too small.
 *
 * <p>Tyrus (the standalone runner's and Payara's WebSocket layer) reads each frame whole before the endpoint sees any
 * of it, into a buffer that refuses a larger frame (1011 {@code Buffer overflow}; 4 MiB unless set). The runner sizes
 * it from the setting ({@link #bytesFor}). Payara's Tyrus reads the size from the context parameter {@value
 * #PARAMETER} before any listener runs: the WAR's {@code web.xml} sets it for the default {@code max-payload} ({@link
 * #payaraBytesFor}), so a larger {@code max-payload} needs a larger parameter there (README, "Payara").
 */
@WebListener
public final class TyrusFrameBuffer implements ServletContextListener {
  /** Tyrus's servlet context parameter: the most bytes of one frame, header included, it buffers. */
  static final String PARAMETER = "org.glassfish.tyrus.servlet.incoming-buffer-size";
  /** Tyrus's own size: 4 MiB of payload and 11 bytes. */
  static final int TYRUS_DEFAULT = 4 * 1024 * 1024 + 11;
  /** The longest WebSocket frame header: 2 bytes, a 64-bit length and a mask. */
  static final int MAX_FRAME_HEADER = 14;
  /**
   * Room beyond the longest frame for what a read brings of the next one: Tyrus refuses when the part of a frame it
   * holds and the bytes just read together pass its size. More than any read here takes (Grizzly's reads are the
   * socket's receive buffer, on the runner and under Payara's Tyrus alike, whose handler takes all Grizzly holds).
   */
  static final int READ_HEADROOM = 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(TyrusFrameBuffer.class.getName());

  /**
   * The buffer that takes a frame of {@code max-payload} (or of {@code /chat}'s 64 KiB) whole with the start of the
   * next: never below Tyrus's.
   */
  public static int bytesFor(int maxPayload) {
    return Math.max(TYRUS_DEFAULT, payaraBytesFor(maxPayload));
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Object container = context.getAttribute(ServerContainer.class.getName());
    if (container == null || !container.getClass().getName().startsWith("org.glassfish.tyrus.")) {
      return; // Tomcat and Undertow hand a frame over in parts
    }
    int maxPayload;
    try {
      maxPayload = Settings.fromEnvironment(context::getInitParameter).socketIo().maxPayload();
    } catch (IllegalArgumentException e) {
      return; // the engine names the setting it cannot use when it starts
    }
    warning(context.getInitParameter(PARAMETER), maxPayload)
        .ifPresent(text -> LOG.log(System.Logger.Level.WARNING, text));
  }

  /**
   * The buffer Payara's Tyrus needs for a frame of {@code max-payload} (or of {@code /chat}'s 64 KiB) whole with the
   * start of the next: what the WAR's {@code web.xml} sets for the default, half of Tyrus's own 4 MiB, which a client
   * could have Payara hold for every frame it only announces.
   */
  static int payaraBytesFor(int maxPayload) {
    return Math.max(Settings.MAX_FRAME_BYTES, maxPayload) + MAX_FRAME_HEADER + READ_HEADROOM;
  }

  /** The warning for Tyrus's buffer as the context parameter sets it (null: its default), if it is too small. */
  static Optional<String> warning(String parameter, int maxPayload) {
    int needed = payaraBytesFor(maxPayload);
    int size;
    try {
      size = parameter == null ? TYRUS_DEFAULT : Integer.parseInt(parameter.strip());
    } catch (NumberFormatException e) {
      size = TYRUS_DEFAULT;
    }
    if (size >= needed) {
      return Optional.empty();
    }
    return Optional.of(
        "socketchat.socketio.max-payload is "
            + maxPayload
            + " bytes but Tyrus refuses (1011) a frame over "
            + size
            + ": add the context parameter "
            + PARAMETER
            + " = "
            + needed
            + " to the WAR's WEB-INF/web.xml (README, \"Payara\")");
  }
}
