package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.CloseType;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The abort a server's close frame arms goes with the connection when the connection closes, and ends it when it
 * does not: on a real Grizzly transport, a connection marked upgraded answering any byte with a close frame.
 */
class CloseTimeoutFilterTest {
  private static final byte[] CLOSE_1000 = {(byte) 0x88, 2, 0x03, (byte) 0xE8};

  private final BlockingQueue<Connection<?>> answered = new LinkedBlockingQueue<>();
  private CloseTimeouts timeouts;
  private TCPNIOTransport transport;

  /** Stands in for Tyrus: marks the connection upgraded and answers what it reads with a close frame, once. */
  private final class ClosingEndpoint extends BaseFilter {
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      UpgradedMark.mark(ctx.getConnection());
      ctx.write(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, CLOSE_1000.clone()));
      answered.add(ctx.getConnection());
      return ctx.getStopAction();
    }
  }

  private InetSocketAddress start(Duration closeTimeout) throws IOException {
    timeouts = new CloseTimeouts(closeTimeout);
    transport =
        TCPNIOTransportBuilder.newInstance()
            .setProcessor(
                FilterChainBuilder.stateless()
                    .add(new TransportFilter())
                    .add(new CloseTimeoutFilter(timeouts))
                    .add(new ClosingEndpoint())
                    .build())
            .build();
    TCPNIOServerConnection server = transport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    transport.start();
    return (InetSocketAddress) server.getLocalAddress();
  }

  @AfterEach
  void stop() throws IOException {
    if (transport != null) {
      transport.shutdownNow();
    }
    if (timeouts != null) {
      timeouts.close();
    }
  }

  @Test
  void aConnectionClosedAfterTheServersCloseFrameIsDisarmed() throws Exception {
    InetSocketAddress address = start(Duration.ofMinutes(10));
    CountDownLatch closed = new CountDownLatch(1);
    Socket client = new Socket(address.getAddress(), address.getPort());
    try {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      assertThat(client.getInputStream().readNBytes(4)).containsExactly(CLOSE_1000);
      Connection<?> connection = answered.poll(10, TimeUnit.SECONDS);
      assertThat(CloseTimeouts.armed(connection)).as("armed by the close frame").isTrue();
      // a connection's close listeners run in the order they were added: this one runs after the disarming one
      connection.addCloseListener((CloseListener<Closeable, CloseType>) (closeable, type) -> closed.countDown());
      client.close();
      assertThat(closed.await(10, TimeUnit.SECONDS)).as("the server saw the close").isTrue();
      assertThat(CloseTimeouts.armed(connection)).as("disarmed when it closed").isFalse();
    } finally {
      client.close();
    }
  }

  @Test
  void aConnectionStillOpenAfterTheCloseTimeoutIsAborted() throws Exception {
    InetSocketAddress address = start(Duration.ofMillis(200));
    try (Socket client = new Socket(address.getAddress(), address.getPort())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      InputStream in = client.getInputStream();
      assertThat(in.readNBytes(4)).containsExactly(CLOSE_1000);

      int next;
      try {
        next = in.read();
      } catch (SocketException reset) {
        next = -1;
      }
      assertThat(next).as("the server never closes it itself: only the abort ends it").isEqualTo(-1);
    }
  }
}
