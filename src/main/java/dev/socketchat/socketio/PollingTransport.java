package dev.socketchat.socketio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP long-polling for one session: a GET waits (asynchronously, holding no thread) until packets are queued, a POST
 * carries packets from the client. One GET and one POST at a time; a second one closes the session, as the spec says.
 *
 * <p>Its own lock guards the waiting GET and the POST under way; the session calls in with its lock held (never the
 * other way round), so a GET is held atomically with what the session sends meanwhile ({@link EngineSession#poll}).
 */
final class PollingTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(PollingTransport.class.getName());
  /** How long a GET that arrives during an upgrade waits for its outcome before it gets a noop. */
  /**
   * Why a session ends on a second GET or POST while one is open: a transport error, as Socket.IO's server counts it,
   * so its sockets wait for recovery. socket.io-client overlaps POSTs when the answer to one was lost on the way: its
   * polling transport then closes with a close-packet POST on a new connection while the first still waits.
   */
  static final String OVERLAPPING_GET = "transport error: overlapping GET requests";

  /** As {@link #OVERLAPPING_GET}, for POSTs. */
  static final String OVERLAPPING_POST = "transport error: overlapping POST requests";

  private static final long UPGRADE_HOLD_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

  private final EngineSessions engine;
  private final Object lock = new Object();
  private EngineSession session;
  // guarded by lock
  private AsyncContext waiting;
  // the POST being handled (its own token), or null: another one meanwhile overlaps it
  private Object posting;

  PollingTransport(EngineSessions engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public void bind(EngineSession owner) {
    this.session = owner;
  }

  @Override
  public String name() {
    return "polling";
  }

  @Override
  public boolean writable() {
    synchronized (lock) {
      return waiting != null;
    }
  }

  @Override
  public boolean streams() {
    return false;
  }

  @Override
  public boolean write(List<EnginePacket> packets) {
    AsyncContext answered;
    synchronized (lock) {
      answered = waiting;
      waiting = null;
    }
    if (answered == null) {
      return false; // the GET timed out or failed a moment ago: the packets wait for the next one
    }
    String body = PollingPayload.encode(packets);
    int count = packets.size();
    engine.defer(() -> complete(answered, body, count));
    return true;
  }

  @Override
  public void close(EnginePacket last, String reason) {
    AsyncContext answered;
    synchronized (lock) {
      answered = waiting;
      waiting = null;
    }
    if (answered != null) {
      // a GET that raced the client's close (POST "1") and was parked a moment after it got its noop here: no later
      // GET of the session gets one too, it is refused as the session is gone
      var unused = engine.forgetClosedByClient(session.id());
      String body = PollingPayload.encode(List.of(last == null ? EnginePacket.NOOP : last));
      engine.defer(() -> complete(answered, body, 0));
    }
  }

  @Override
  public boolean upgradable() {
    return true;
  }

  @Override
  public void activate() {
    // a session never moves onto polling
  }

  /**
   * The client probed the upgrade and will pause polling once its GET returns: like the reference server, answer a
   * waiting GET with a noop shortly, unless the upgrade completes first.
   */
  @Override
  public void probed() {
    AsyncContext held;
    synchronized (lock) {
      held = waiting;
    }
    if (held != null) {
      var unused = engine.schedule(() -> releaseHeld(held), UPGRADE_HOLD_NANOS);
    }
  }

  /**
   * The session moved to its WebSocket. A client that upgrades properly has no GET waiting by now (it waits for its
   * last GET before it sends the upgrade packet); a GET still waiting is answered as every poll after an upgrade is:
   * refused.
   */
  @Override
  public void replaced() {
    AsyncContext answered;
    synchronized (lock) {
      answered = waiting;
      waiting = null;
    }
    if (answered != null) {
      engine.defer(() -> refuseHeld(answered));
    }
  }

  /**
   * The client closed the session with a POST. A GET of its that arrives a moment later (the two race on separate
   * connections) gets the noop it would have got had it come first.
   */
  @Override
  public void closedByClient() {
    boolean idle;
    synchronized (lock) {
      idle = waiting == null;
    }
    if (idle) {
      engine.remember(session.id());
    }
  }

  /**
   * A GET: answered at once when packets wait, else held until some are queued (during an upgrade, at most 100 ms:
   * then it gets a noop, or is refused if the upgrade completed meanwhile).
   */
  void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (session.closeIfExpired()) {
      PollingServlet.refuse(response, EngineError.UNKNOWN_SID);
      return;
    }
    EngineSession.Poll poll = session.poll(this, () -> hold(request));
    if (poll.outcome() == EngineSession.PollOutcome.HELD) {
      return;
    }
    boolean refused = poll.outcome() == EngineSession.PollOutcome.REFUSED;
    boolean overlap = poll.outcome() == EngineSession.PollOutcome.OVERLAP;
    if (refused && session.isClosed() && engine.forgetClosedByClient(session.id())) {
      var unused = respond(response, PollingPayload.encode(List.of(EnginePacket.NOOP)));
      return;
    }
    if (refused || overlap) {
      PollingServlet.refuse(response, EngineError.BAD_REQUEST);
      if (overlap) {
        session.close(OVERLAPPING_GET, EnginePacket.CLOSE);
      }
      return;
    }
    engine.delivered(poll.packets().size(), respond(response, PollingPayload.encode(poll.packets())));
  }

  /**
   * A POST: reads its packets and hands them to the session, then answers {@code ok}. A body over
   * {@code maxPayload} gets 413, a packet that breaks the protocol 400, a body that has not arrived in full within
   * {@code pingTimeout} (or the container's read timeout) 400; each closes the session. No thread waits for the body
   * meanwhile.
   *
   * @param gathered whether the server hands over requests whose bodies it gathered first (the standalone runner),
   *     so that a blocking read never waits for the peer
   */
  void post(HttpServletRequest request, HttpServletResponse response, boolean gathered) throws IOException {
    if (session.closeIfExpired()) {
      PollingServlet.refuse(response, EngineError.UNKNOWN_SID);
      return;
    }
    if (!session.carries(this)) {
      PollingServlet.refuse(response, EngineError.BAD_REQUEST);
      return;
    }
    Object post = new Object();
    boolean overlap;
    synchronized (lock) {
      overlap = posting != null;
      if (!overlap) {
        posting = post;
      }
    }
    if (overlap) {
      PollingServlet.refuse(response, EngineError.BAD_REQUEST);
      session.close(OVERLAPPING_POST, EnginePacket.CLOSE);
      return;
    }
    boolean reading = false;
    try {
      if (request.getHeader("Upgrade") != null) {
        // some containers (Grizzly) never hand over the body of a request that asks for a protocol upgrade
        PollingServlet.refuse(response, EngineError.BAD_REQUEST);
        return;
      }
      if ("application/octet-stream".equalsIgnoreCase(mediaType(request.getContentType()))) {
        PollingServlet.refuse(response, EngineError.BAD_REQUEST);
        session.close("binary POST body", EnginePacket.CLOSE);
        return;
      }
      if (gathered) {
        readGathered(request, response, post);
      } else {
        readBody(request, post);
        reading = true;
      }
    } finally {
      if (!reading) {
        posted(post);
      }
    }
  }

  /** The POST is handled, unless it was already: the next may come. */
  private void posted(Object post) {
    synchronized (lock) {
      if (posting == post) {
        posting = null;
      }
    }
  }

  /**
   * Reads the body as it arrives, asynchronously: a blocking read would hold one of the container's request threads
   * for as long as the client cares to stall (WildFly 39 has 32 on two cores, and waits 90 s for a read).
   */
  private void readBody(HttpServletRequest request, Object post) throws IOException {
    AsyncContext context = request.startAsync();
    context.setTimeout(engine.settings().pingTimeout().toMillis());
    PostBody body = new PostBody(context, request.getInputStream(), post);
    context.addListener(body);
    request.getInputStream().setReadListener(body);
  }

  /** Reads a body the server gathered before it handed the request over (or one past its gather limit). */
  private void readGathered(HttpServletRequest request, HttpServletResponse response, Object post) throws IOException {
    int limit = engine.settings().maxPayload();
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(limit + 1);
    } catch (IOException stalled) {
      // the peer stopped sending before the end of the body (the server's read timeout) or went away
      try {
        brokenOff(response);
      } catch (IOException gone) {
        LOG.log(System.Logger.Level.DEBUG, "a POST of {0} broke off: {1}", session.id(), gone.toString());
      }
      return;
    }
    if (body.length > limit) {
      tooLarge(response);
      return;
    }
    received(body, response, post);
  }

  /** Answers a POST whose body is over {@code maxPayload}: 413, and the session closes. */
  private void tooLarge(HttpServletResponse response) {
    response.setStatus(413);
    response.setContentLength(0);
    session.close("transport error: POST body over maxPayload", EnginePacket.CLOSE);
  }

  /** Answers a POST whose body broke off or stalled: the session closes, then 400 on a connection that closes too. */
  private void brokenOff(HttpServletResponse response) throws IOException {
    session.close("transport error: incomplete POST body", EnginePacket.CLOSE);
    response.setHeader("Connection", "close");
    PollingServlet.refuse(response, EngineError.BAD_REQUEST);
  }

  /** Hands a POST's whole body to the session and answers the POST. */
  private void received(byte[] body, HttpServletResponse response, Object post) throws IOException {
    boolean lawful;
    try {
      lawful = PollingPayload.each(PollingPayload.text(body), session::receive);
    } catch (ProtocolViolation violation) {
      // closed before the answer goes out: a GET the client sends once it has the 400 finds the session gone
      session.close("parse error: " + violation.getMessage(), EnginePacket.CLOSE);
      PollingServlet.refuse(response, EngineError.BAD_REQUEST);
      return;
    }
    if (!lawful) {
      PollingServlet.refuse(response, EngineError.BAD_REQUEST);
      return;
    }
    // its packets are handled: the next POST may come as soon as the answer is out, which a container sends as soon as
    // its declared length is written, before this thread gets any further
    posted(post);
    response.setStatus(200);
    response.setContentType("text/html");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(2);
    response.getOutputStream().write(new byte[] {'o', 'k'});
  }

  private void releaseHeld(AsyncContext held) {
    synchronized (lock) {
      if (waiting != held) {
        return;
      }
      waiting = null;
    }
    complete(held, PollingPayload.encode(List.of(EnginePacket.NOOP)), 0);
  }

  private void refuseHeld(AsyncContext held) {
    try {
      PollingServlet.refuse((HttpServletResponse) held.getResponse(), EngineError.BAD_REQUEST);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "refusing a held poll of {0} failed: {1}", session.id(), e.toString());
    } finally {
      try {
        held.complete();
      } catch (IllegalStateException alreadyDone) {
        // the request timed out or failed meanwhile
      }
    }
  }

  /** Called with the session's lock held: parks the GET until packets are queued or the poll times out. */
  private void hold(HttpServletRequest request) {
    AsyncContext context = request.startAsync();
    context.setTimeout(engine.pollTimeout().toMillis());
    context.addListener(new Expiry(context));
    synchronized (lock) {
      waiting = context;
    }
  }

  /** Answers the waiting GET with {@code body}, which carries {@code packets} packets for the client. */
  private void complete(AsyncContext context, String body, int packets) {
    try {
      int written = respond((HttpServletResponse) context.getResponse(), body);
      engine.delivered(packets, written);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "poll answer for {0} failed: {1}", session.id(), e.toString());
    } finally {
      try {
        context.complete();
      } catch (IllegalStateException alreadyDone) {
        // the request timed out or failed meanwhile
      }
    }
  }

  /** Writes a poll's answer; returns how many bytes its body took. */
  static int respond(HttpServletResponse response, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("text/plain; charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    return bytes.length;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
  }

  /** Answers a GET that waited too long with a noop, so the client simply polls again. */
  private final class Expiry implements AsyncListener {
    private final AsyncContext context;

    Expiry(AsyncContext context) {
      this.context = context;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      synchronized (lock) {
        if (waiting != context) {
          return;
        }
        waiting = null;
      }
      complete(context, PollingPayload.encode(List.of(EnginePacket.NOOP)), 0);
    }

    @Override
    public void onError(AsyncEvent event) {
      synchronized (lock) {
        if (waiting == context) {
          waiting = null;
        }
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  /** An action that answers a POST and may fail to write. */
  private interface Answer {
    void to(HttpServletResponse response) throws IOException;
  }

  /** A POST's body as it arrives: answered once, when it is whole, over {@code maxPayload}, broken off or too slow. */
  private final class PostBody implements ReadListener, AsyncListener {
    private final AsyncContext context;
    private final ServletInputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[8192];
    private final AtomicBoolean answered = new AtomicBoolean();
    private final Object post;

    PostBody(AsyncContext context, ServletInputStream in, Object post) {
      this.context = context;
      this.in = in;
      this.post = post;
    }

    @Override
    public void onDataAvailable() throws IOException {
      take();
    }

    /**
     * Grizzly (Payara) calls this as soon as the body's last bytes have arrived, before anybody read them: they are
     * taken first.
     */
    @Override
    public void onAllDataRead() throws IOException {
      take();
      answer(response -> received(bytes.toByteArray(), response, post));
    }

    /**
     * Takes what has arrived and answers once the body is whole. It never asks {@code isReady()} once the body is in:
     * Payara answers that by scheduling one more callback, which runs after the request has ended and fails there.
     * A finished stream with nothing left to read is a whole body on every container (on Payara "finished" means
     * "all arrived", elsewhere "all read").
     */
    private void take() throws IOException {
      int limit = engine.settings().maxPayload();
      while (!answered.get() && !whole() && in.isReady()) {
        int read = in.read(chunk);
        if (read == -1) {
          break;
        }
        bytes.write(chunk, 0, read);
        if (bytes.size() > limit) {
          answer(PollingTransport.this::tooLarge);
          return;
        }
      }
      if (!answered.get() && whole()) {
        answer(response -> received(bytes.toByteArray(), response, post));
      }
    }

    /** A finished stream with nothing left to read. */
    private boolean whole() throws IOException {
      return in.isFinished() && in.available() == 0;
    }

    @Override
    public void onError(Throwable failure) {
      answer(PollingTransport.this::brokenOff); // the peer went away, or the container's own read timeout passed
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      answer(PollingTransport.this::brokenOff);
    }

    @Override
    public void onError(AsyncEvent event) {
      answer(PollingTransport.this::brokenOff);
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}

    /** Answers the POST with the first outcome only; the next POST of the session may come then. */
    private void answer(Answer answer) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      try {
        answer.to((HttpServletResponse) context.getResponse());
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "a POST of {0} broke off: {1}", session.id(), e.toString());
      } finally {
        posted(post);
        try {
          context.complete();
        } catch (IllegalStateException alreadyDone) {
          // the request timed out or failed meanwhile
        }
      }
    }
  }
}
