package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The abort a server's close frame arms goes with the connection when the connection closes, and ends it when it
 * does not: on a real Grizzly transport, a connection marked upgraded answering any byte with a close frame.
 */
class CloseTimeoutFilterTest {
  private final RecordingTimer timer = new RecordingTimer();
  private TCPNIOTransport transport;

  /** A timer that drops cancelled tasks, as the runner's does, and hands over the first task it is given. */
  private static final class RecordingTimer extends ScheduledThreadPoolExecutor {
    final CompletableFuture<ScheduledFuture<?>> scheduled = new CompletableFuture<>();

    RecordingTimer() {
      super(1);
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      ScheduledFuture<?> future = super.schedule(command, delay, unit);
      scheduled.complete(future);
      return future;
    }
  }

  /** Stands in for Tyrus: marks the connection upgraded and answers what it reads with a close frame (1000). */
  private static final class ClosingEndpoint extends BaseFilter {
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      UpgradedConnectionFilter.TYRUS_CONNECTION.set(ctx.getConnection(), new UpgradedMark());
      ctx.write(
          Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}));
      return ctx.getStopAction();
    }
  }

  /** What Tyrus keeps on an upgraded connection; only its presence counts here. */
  private static final class UpgradedMark implements org.glassfish.tyrus.spi.Connection {
    @Override
    public ReadHandler getReadHandler() {
      return null;
    }

    @Override
    public Writer getWriter() {
      return null;
    }

    @Override
    public CloseListener getCloseListener() {
      return null;
    }

    @Override
    public void close(CloseReason reason) {}
  }

  private InetSocketAddress start(Duration closeTimeout) throws IOException {
    transport =
        TCPNIOTransportBuilder.newInstance()
            .setProcessor(
                FilterChainBuilder.stateless()
                    .add(new TransportFilter())
                    .add(new CloseTimeoutFilter(closeTimeout, timer))
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
    timer.shutdownNow();
  }

  @Test
  void aConnectionClosedAfterTheServersCloseFrameTakesItsAbortWithIt() throws Exception {
    InetSocketAddress address = start(Duration.ofMinutes(10));
    try (Socket client = new Socket(address.getAddress(), address.getPort())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      assertThat(client.getInputStream().readNBytes(4)).containsExactly(0x88, 2, 0x03, 0xE8);
    }

    ScheduledFuture<?> abort = timer.scheduled.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> abort.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(timer.getQueue()).isEmpty();
  }

  @Test
  void aConnectionStillOpenAfterTheCloseTimeoutIsAborted() throws Exception {
    InetSocketAddress address = start(Duration.ofMillis(200));
    try (Socket client = new Socket(address.getAddress(), address.getPort())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      InputStream in = client.getInputStream();
      assertThat(in.readNBytes(4)).containsExactly(0x88, 2, 0x03, 0xE8);

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
