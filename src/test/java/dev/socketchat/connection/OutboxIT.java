package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.metrics.CloseCause;
import dev.socketchat.metrics.Meters;
import dev.socketchat.testing.BareTyrus;
import dev.socketchat.testing.FrameQueue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox on a real Tyrus container, apart from any protocol: a frame the container cannot send (text it cannot
 * encode, as an unpaired surrogate) closes the connection with 1011 instead of leaving it waiting for a completion
 * that never comes. The protocols refuse such text on the way in; this proves the send path holds on its own. A send
 * the container refuses to start because its transport closed under it is the peer's loss, as a failed send is; a
 * client's going away that the container reports after such a loss is still the client's own close.
 */
class OutboxIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ExecutorService THREADS = Executors.newCachedThreadPool();
  private static final CompletableFuture<CountDownLatch> BROKEN = new CompletableFuture<>();
  private static final CompletableFuture<Outbox> CLOSED_UNDER = new CompletableFuture<>();
  private static BareTyrus server;

  /**
   * Queues what the client asks for through an outbox: {@code broken} is text no encoder can write; {@code gone} closes
   * the transport before the next send.
   */
  @ServerEndpoint("/outbox")
  public static final class Echo {
    private final CountDownLatch dropped = new CountDownLatch(1);
    private Outbox outbox;

    @OnOpen
    public void open(Session session) {
      outbox = new Outbox(session, 1 << 20, THREADS, THREADS, dropped::countDown, false, Meters.off(), null);
    }

    @OnMessage
    public void message(String text, Session session) throws IOException {
      if (text.equals("gone")) {
        session.close(); // the transport closes under the outbox, which has not heard of it yet
        outbox.send("after");
        CLOSED_UNDER.complete(outbox);
        return;
      }
      outbox.send("fine");
      outbox.send(text.equals("broken") ? "half a pair: \ud800" : text);
      outbox.send("after");
      if (text.equals("broken")) {
        BROKEN.complete(dropped);
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = BareTyrus.serving(Echo.class);
  }

  @AfterAll
  static void stop() {
    server.close();
    THREADS.shutdownNow();
  }

  @Test
  void aFrameTheContainerCannotSendClosesTheConnectionWith1011() throws Exception {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = server.connect("/outbox", frames);
    socket.sendText("hello", true).join();
    assertThat(List.of(frames.poll(WAIT), frames.poll(WAIT), frames.poll(WAIT))).containsExactly("fine", "hello", "after");

    socket.sendText("broken", true).join();
    assertThat(frames.poll(WAIT)).isEqualTo("fine");
    assertThat(frames.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1011);
    CountDownLatch dropped = BROKEN.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(dropped.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the connection was dropped").isTrue();
  }

  @Test
  void aSendTheContainerRefusesToStartOnAClosedTransportCountsAsThePeersLossNotAnInternalError() throws Exception {
    WebSocket socket = server.connect("/outbox", new FrameQueue());
    socket.sendText("gone", true).join();

    Outbox outbox = CLOSED_UNDER.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(outbox.peerLost()).as("taken for lost, so that its session is suspended").isTrue();
    assertThat(outbox.closeCause(null)).isEqualTo(CloseCause.NETWORK);
  }

  /**
   * A failed send closes with 1001, as a page that goes away does: a client's own going away that the container reports
   * after the send to it failed (Undertow answers a client's close frame at once and fails the sends queued behind it)
   * is still the client's close frame, told from the outbox's own close by its reason, so its session ends at once.
   */
  @Test
  void aClientsGoingAwayReportedAfterASendToItFailedIsTheClientsOwnClose() throws Exception {
    WebSocket socket = server.connect("/outbox", new FrameQueue());
    socket.sendText("gone", true).join();

    Outbox outbox = CLOSED_UNDER.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(outbox.peerLost()).isTrue();
    CloseReason wentAway = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "");
    assertThat(outbox.closedByClient(wentAway)).as("the client's 1001").isTrue();
    assertThat(outbox.wentAwayAfterLoss(wentAway)).isTrue();
    CloseReason ours = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed");
    assertThat(outbox.closedByClient(ours)).as("the outbox's own 1001, as a container reports it").isFalse();
    assertThat(outbox.wentAwayAfterLoss(ours)).isFalse();
    assertThat(outbox.closedByClient(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""))).isTrue();
    assertThat(outbox.wentAwayAfterLoss(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""))).isFalse();
    assertThat(outbox.closedByClient(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, ""))).isFalse();
  }
}
