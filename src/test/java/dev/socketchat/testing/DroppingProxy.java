package dev.socketchat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay on 127.0.0.1 in front of a server, for breaking connections the way networks do: {@link #cut} resets
 * every relayed connection (no close frame reaches either side), {@link #freeze} stops carrying bytes while keeping
 * the sockets open (the peers go silent until a heartbeat gives up; one side's end is not passed on either), {@link
 * #cutAtReply} resets a connection as a given reply comes down it, {@link #holdReplies} delays what the server sends
 * (nothing is lost: a network that holds its bytes for a while). New
 * connections are relayed afterwards as before, or to another server once {@link #retarget} pointed the relay there
 * (a load balancer that sends a client back to another node); one the target refuses is reset at once.
 */
public final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private volatile InetSocketAddress target;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> cutAt = new AtomicReference<>();
  private final AtomicReference<CountDownLatch> held = new AtomicReference<>();
  private final Thread acceptor;

  private DroppingProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
    this.acceptor = new Thread(this::accept, "dropping-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A relay on a free port of 127.0.0.1 to the given port of 127.0.0.1. */
  public static DroppingProxy to(int port) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new DroppingProxy(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many relayed connections are open now. */
  public int open() {
    return (int) links.stream().filter(link -> !link.closed).count();
  }

  /** Relays the connections made from now on to the given port of 127.0.0.1; open ones stay where they are. */
  public void retarget(int port) {
    target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Resets every open relayed connection on both sides, as a network that went away. */
  public void cut() {
    for (Link link : links) {
      link.reset();
    }
    links.removeIf(link -> link.closed);
  }

  /**
   * Ends every open relayed connection with a FIN on both sides, as a peer whose TCP connection ended in order without
   * a WebSocket close frame (a client that died after its last write had left).
   */
  public void hangUp() {
    for (Link link : links) {
      link.hangUp();
    }
    links.removeIf(link -> link.closed);
  }

  /** Stops carrying bytes on every open relayed connection, both ways, without closing anything. */
  public void freeze() {
    for (Link link : links) {
      link.frozen = true;
    }
  }

  /**
   * Stops carrying the server's bytes to the clients on every open relayed connection, while their requests still
   * reach the server: a network that fails just as the replies are on their way.
   */
  public void muteReplies() {
    for (Link link : links) {
      link.muted = true;
    }
  }

  /**
   * Holds what the servers send the clients on every open relayed connection until {@link #releaseReplies} (a minute
   * at most), losing nothing: the requests still reach the servers, their answers come late and in order. Connections
   * relayed afterwards are carried as usual.
   */
  public void holdReplies() {
    CountDownLatch latch = new CountDownLatch(1);
    CountDownLatch earlier = held.getAndSet(latch);
    if (earlier != null) {
      earlier.countDown();
    }
    for (Link link : links) {
      link.held = latch;
    }
  }

  /** Lets what {@link #holdReplies} held go on its way. */
  public void releaseReplies() {
    CountDownLatch latch = held.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  /**
   * Resets, once, the first relayed connection whose server sends bytes holding {@code marker} (read as ISO-8859-1),
   * before they reach the client: a network that fails in the middle of a reply.
   */
  public void cutAtReply(String marker) {
    cutAt.set(marker);
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        try {
          server.connect(target, 5000);
        } catch (IOException refused) {
          Link.abort(client); // nothing listens there: the client is refused at once, as a load balancer does
          continue;
        }
        Link link = new Link(client, server, cutAt);
        links.add(link);
        link.start();
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  /** One relayed connection: two pumps, one per direction. */
  private static final class Link {
    private final Socket client;
    private final Socket server;
    private final AtomicReference<String> cutAt;
    volatile CountDownLatch held;
    volatile boolean frozen;
    volatile boolean muted;
    volatile boolean closed;

    Link(Socket client, Socket server, AtomicReference<String> cutAt) {
      this.client = client;
      this.server = server;
      this.cutAt = cutAt;
    }

    void start() throws IOException {
      pump(client.getInputStream(), server.getOutputStream(), false);
      pump(server.getInputStream(), client.getOutputStream(), true);
    }

    private void pump(InputStream from, OutputStream to, boolean replies) {
      Thread thread =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                  for (int read; (read = from.read(buffer)) >= 0; ) {
                    if (replies && cutsAt(buffer, read)) {
                      reset();
                      return;
                    }
                    if (replies) {
                      awaitRelease();
                    }
                    if (!frozen && !(replies && muted)) {
                      to.write(buffer, 0, read);
                      to.flush();
                    }
                  }
                  endedBy(); // one side closed: pass it on as the network would, abruptly
                } catch (IOException e) {
                  endedBy();
                }
              },
              replies ? "dropping-proxy-down" : "dropping-proxy-up");
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits while replies are held ({@link #holdReplies}), a minute at most. */
    private void awaitRelease() {
      CountDownLatch latch = held;
      if (latch == null) {
        return;
      }
      try {
        latch.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Whether these bytes from the server hold the marker the relay was told to cut at (then it is told no more). */
    private boolean cutsAt(byte[] buffer, int read) {
      String marker = cutAt.get();
      return marker != null
          && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains(marker)
          && cutAt.compareAndSet(marker, null);
    }

    /**
     * One side ended: a working network passes that on, abruptly; a frozen one carries nothing, so the other side
     * learns of it only when its own heartbeat gives up (else whichever heartbeat fires first decides what the
     * client sees).
     */
    private void endedBy() {
      if (!frozen) {
        reset();
      }
    }

    synchronized void reset() {
      if (closed) {
        return;
      }
      closed = true;
      abort(client);
      abort(server);
    }

    synchronized void hangUp() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        server.close();
        client.close();
      } catch (IOException e) {
        // already gone
      }
    }

    private static void abort(Socket socket) {
      try {
        socket.setSoLinger(true, 0); // RST, not FIN: no orderly end reaches the peer
        socket.close();
      } catch (SocketException e) {
        // already gone
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
