package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.BareTyrus;
import dev.socketchat.testing.FrameQueue;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real Tyrus container reports to an endpoint's {@code @OnError}, logged as the endpoints log it: a fault of the
 * endpoint's own (thrown from a message handler or from {@code @OnClose}) at WARNING with its stack, what a peer does
 * (a message over the limit) at DEBUG only. (A bare Tyrus reports no reset and no broken UTF-8 there; {@link
 * EndpointErrorsTest} covers the I/O failures other containers report.)
 */
class EndpointErrorsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String LOGGER = "dev.socketchat.connection.EndpointErrorsIT.Faulty";
  private static final BlockingQueue<LogRecord> RECORDS = new LinkedBlockingQueue<>();
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord logged) {
          RECORDS.add(logged);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private static BareTyrus server;
  private Logger logger;

  /** Throws on {@code fail}, and from its {@code @OnClose} when opened with {@code ?failOnClose}; echoes the rest. */
  @ServerEndpoint("/faulty")
  public static final class Faulty {
    private static final System.Logger LOG = System.getLogger(LOGGER);

    @OnMessage(maxMessageSize = 1024)
    public String onText(String text) {
      if (text.equals("fail")) {
        throw new IllegalStateException("a fault of the endpoint's own");
      }
      return text;
    }

    @OnClose
    public void close(Session session) {
      if (session.getRequestParameterMap().containsKey("failOnClose")) {
        throw new NullPointerException("a fault in onClose");
      }
    }

    @OnError
    public void error(Session session, Throwable failure) {
      EndpointErrors.log(LOG, "connection " + session.getId(), failure);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = BareTyrus.serving(Faulty.class);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void capture() {
    RECORDS.clear();
    logger = Logger.getLogger(LOGGER);
    logger.setLevel(Level.ALL);
    logger.addHandler(CAPTURE);
  }

  @AfterEach
  void release() {
    logger.removeHandler(CAPTURE);
  }

  @Test
  void aFaultOfAMessageHandlerIsLoggedAtWarningWithItsStack() throws Exception {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = server.connect("/faulty", frames);
    socket.sendText("fail", true).join();

    LogRecord logged = next();
    assertThat(logged.getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("a fault of the endpoint's own");
    frames.close(socket, WAIT);
  }

  @Test
  void aFaultOfOnCloseIsLoggedAtWarningWithItsStack() throws Exception {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = server.connect("/faulty?failOnClose", frames);
    frames.close(socket, WAIT);

    LogRecord logged = next();
    assertThat(logged.getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.getThrown()).isInstanceOf(NullPointerException.class).hasMessage("a fault in onClose");
  }

  @Test
  void aMessageOverTheLimitIsLoggedAtDebugOnly() throws Exception {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = server.connect("/faulty", frames);
    socket.sendText("x".repeat(2048), true).join();

    assertThat(frames.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
    assertOnlyDebug(next());
  }

  private static LogRecord next() throws InterruptedException {
    LogRecord logged = RECORDS.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(logged).as("a log record within " + WAIT).isNotNull();
    return logged;
  }

  private static void assertOnlyDebug(LogRecord first) {
    List<LogRecord> all = new ArrayList<>(List.of(first));
    RECORDS.drainTo(all);
    assertThat(all)
        .allSatisfy(
            logged -> {
              assertThat(logged.getLevel()).isEqualTo(Level.FINE);
              assertThat(logged.getThrown()).isNull();
            });
  }
}
