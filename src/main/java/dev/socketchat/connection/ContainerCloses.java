package dev.socketchat.connection;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * What the containers' own closes look like when they report them to an endpoint, read back into what happened: the
 * one place that knows their reason phrases (checked against the containers themselves by {@code TyrusInternalsTest}
 * and {@code UndertowInternalsIT}).
 */
public final class ContainerCloses {
  /** The reason Tyrus gives a connection its transport closed under it ({@code CloseReasons.GOING_AWAY}). */
  static final String CLOSED_UNDER_TYRUS = "Going away.";
  /** Undertow's message id for a text frame (or a close frame's reason) that is not UTF-8: it sends 1007. */
  static final String UNDERTOW_NOT_UTF8 = "UT002003";
  /**
   * Undertow's message ids for a frame that broke RFC 6455, for which it sends 1002: a fragmented control frame
   * (UT002005), a control frame over 125 bytes (UT002006), a reserved opcode in a control frame (UT002007) or a data
   * frame (UT002009), a close frame of one byte (UT002008), a continuation outside a fragmented message (UT002010), a
   * new data frame inside one (UT002011), a reserved bit set (UT002015), a close code a peer may not send (UT002026),
   * an unmasked frame (UT002034).
   */
  static final Set<String> UNDERTOW_PROTOCOL_ERRORS =
      Set.of(
          "UT002005", "UT002006", "UT002007", "UT002008", "UT002009", "UT002010", "UT002011", "UT002015", "UT002026",
          "UT002034");

  /** The reason of the close (1001) an outbox sends for a send that failed: a client's own going away has another. */
  static final String SEND_FAILED = "send failed";

  /** Undertow's session's accessor of its connection ({@code UndertowSession.getWebSocketChannel}). */
  static final String UNDERTOW_CHANNEL = "getWebSocketChannel";
  /** Whether Undertow's connection is closing for a close frame its peer sent first ({@code WebSocketChannel}). */
  static final String UNDERTOW_PEER_CLOSED_FIRST = "isCloseInitiatedByRemotePeer";

  /** Each session class's accessor of Undertow's connection; empty for the other containers' sessions. */
  private static final ClassValue<Optional<Method>> CHANNELS = accessors(UNDERTOW_CHANNEL);
  /** Each Undertow connection class's accessor of who began its close. */
  private static final ClassValue<Optional<Method>> PEER_CLOSED_FIRST = accessors(UNDERTOW_PEER_CLOSED_FIRST);
  /** Whether reading Undertow's connection failed once already (it is logged once, and the report taken as it is). */
  private static final AtomicBoolean UNREADABLE = new AtomicBoolean();
  private static final System.Logger LOG = System.getLogger(ContainerCloses.class.getName());

  /** The close code of a client that takes its connection for lost and comes back to resume its session. */
  public static final int CLIENT_RESUMES = 4001;

  /** The reason of the close (1013) the runner's frame guard sends a client that sends on but takes nothing sent it. */
  public static final String TAKES_NOTHING = "the client takes nothing of what it is sent";

  private ContainerCloses() {}

  /**
   * The close as the container sent it. Undertow (WildFly) closes a connection for a frame that broke the protocol
   * with 1007 or 1002 and the exception's message as the reason, but reports that close to the endpoint as 1006 (it
   * reports every close the peer did not start as abnormal but 1008 and 1009), keeping the reason, whose message id
   * says which close it was; such a report comes back with the code Undertow sent. Any other report is returned as is:
   * a network that went away leaves Undertow's reason empty, or its own close's, which carries no such id.
   */
  public static CloseReason asSent(CloseReason reported) {
    if (reported == null || reported.getCloseCode().getCode() != CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
      return reported;
    }
    String phrase = reported.getReasonPhrase();
    if (phrase == null || phrase.length() < 9 || phrase.charAt(8) != ':') {
      return reported;
    }
    String id = phrase.substring(0, 8);
    if (id.equals(UNDERTOW_NOT_UTF8)) {
      return new CloseReason(CloseReason.CloseCodes.NOT_CONSISTENT, phrase);
    }
    if (UNDERTOW_PROTOCOL_ERRORS.contains(id)) {
      return new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, phrase);
    }
    return reported;
  }

  /**
   * Whether the container reported the connection closed without a close frame from its client: an abnormal closure
   * (1006), or Tyrus's own 1001 "Going away." for a connection its Grizzly transport closed under it (a ping or a send
   * to a peer that had reset the connection failed before a read noticed the reset, e.g. while the connection's
   * reads waited behind a request that waited for Redis). Undertow's reports want {@link #asSent} first.
   */
  public static boolean withoutCloseFrame(CloseReason reason) {
    int code = reason.getCloseCode().getCode();
    return code == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()
        || (code == CloseReason.CloseCodes.GOING_AWAY.getCode() && CLOSED_UNDER_TYRUS.equals(reason.getReasonPhrase()));
  }

  /**
   * Whether a failed send or read says the network reset the connection (a closed channel, a reset, a broken pipe),
   * rather than that it was closed in order: Undertow fails the sends queued behind a client's own close frame with
   * "Channel is closed", none of these.
   */
  public static boolean isReset(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
      if (cause instanceof ClosedChannelException) {
        return true;
      }
      String message = cause.getMessage();
      if (cause instanceof IOException
          && message != null
          && (message.contains("Connection reset") || message.contains("Broken pipe"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the close is a goodbye without a phrase (1000), which Undertow also reports on its own when the network
   * reset the connection while this side's close was on its way (its close task wins the race and reports the close
   * it would have sent); a client's goodbye looks the same.
   */
  static boolean plainGoodbye(CloseReason reason) {
    String phrase = reason.getReasonPhrase();
    return reason.getCloseCode().getCode() == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode()
        && (phrase == null || phrase.isEmpty());
  }

  /**
   * Whether the container says the connection closes for a close frame its client sent before this side queued one,
   * when the report may not say so. Undertow (WildFly) answers a client's close frame at once and fails the sends
   * queued behind it; when the outbox's close for such a failed send is handled before the client's close, Undertow
   * reports the outbox's own close (1001 "send failed"), and the client's close code is gone, but its connection still
   * knows who began. False on the other containers, which report the client's close frame as it came, and when
   * Undertow's connection cannot be read (logged once).
   */
  static boolean peerClosedFirst(Session session) {
    Optional<Method> channelOf = CHANNELS.get(session.getClass());
    if (channelOf.isEmpty()) {
      return false;
    }
    try {
      Object channel = channelOf.get().invoke(session);
      if (channel == null) {
        return false;
      }
      Method peerClosedFirst =
          PEER_CLOSED_FIRST
              .get(channel.getClass())
              .orElseThrow(() -> new NoSuchMethodException(channel.getClass() + "." + UNDERTOW_PEER_CLOSED_FIRST));
      return Boolean.TRUE.equals(peerClosedFirst.invoke(channel));
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (UNREADABLE.compareAndSet(false, true)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Undertow's connection no longer says who began its close (an upgrade?): a client's goodbye that races a"
                + " failed send is taken for a drop (its session waits out its resume window)",
            e);
      }
      return false;
    }
  }

  /**
   * Undertow's connection of a session it reported closed, when it is still open: Undertow keeps a connection whose
   * close frame went out until the client's own close comes, and a client that stopped reading (its close waits behind
   * what Undertow no longer reads) never sends it, so the socket would stay half-closed for as long as the client
   * keeps its end. Empty on the other containers, and when Undertow's connection cannot be read.
   */
  static Optional<java.nio.channels.Channel> lingering(Session session) {
    Optional<Method> channelOf = CHANNELS.get(session.getClass());
    if (channelOf.isEmpty()) {
      return Optional.empty();
    }
    try {
      return channelOf.get().invoke(session) instanceof java.nio.channels.Channel channel && channel.isOpen()
          ? Optional.of(channel)
          : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Undertow's connection cannot be read: {0}", e.toString());
      return Optional.empty();
    }
  }

  /** Closes a connection that {@link #lingering} found still open, if it still is: its socket is let go. */
  static void abort(java.nio.channels.Channel channel) {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "aborting a lingering connection failed: {0}", e.toString());
    }
  }

  /** Each class's public method of this name without parameters, looked up once per class. */
  private static ClassValue<Optional<Method>> accessors(String name) {
    return new ClassValue<>() {
      @Override
      protected Optional<Method> computeValue(Class<?> type) {
        return Stream.of(type.getMethods())
            .filter(method -> method.getName().equals(name) && method.getParameterCount() == 0)
            .findFirst();
      }
    };
  }

  /**
   * Whether the client closed the connection to come back and resume its session (4001): a client that took a
   * connection that answered nothing for long for lost, which it cannot end without a close frame (a browser's page).
   */
  public static boolean toResume(CloseReason reason) {
    return reason != null && reason.getCloseCode().getCode() == CLIENT_RESUMES;
  }

  /** Whether the close says its side went away (1001): a page that navigated, a server that stopped, a failed send. */
  public static boolean goingAway(CloseReason reason) {
    return reason.getCloseCode().getCode() == CloseReason.CloseCodes.GOING_AWAY.getCode();
  }

  /** Whether the runner's frame guard closed it (1013) for taking nothing of what it is sent: a slow reader. */
  public static boolean forTakingNothing(CloseReason reason) {
    return reason.getCloseCode().getCode() == CloseReason.CloseCodes.TRY_AGAIN_LATER.getCode()
        && TAKES_NOTHING.equals(reason.getReasonPhrase());
  }

  /**
   * Whether the close is one a container makes for a frame it could not take (1009 too big, 1002 a protocol error,
   * 1007 not UTF-8, 1003 a kind of frame the endpoint does not take), or a client's close with such a code.
   */
  public static boolean forAFrame(CloseReason reason) {
    int code = reason.getCloseCode().getCode();
    return code == CloseReason.CloseCodes.TOO_BIG.getCode()
        || code == CloseReason.CloseCodes.PROTOCOL_ERROR.getCode()
        || code == CloseReason.CloseCodes.NOT_CONSISTENT.getCode()
        || code == CloseReason.CloseCodes.CANNOT_ACCEPT.getCode();
  }
}
