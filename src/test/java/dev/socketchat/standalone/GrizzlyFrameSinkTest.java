package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's frame sink on a real Grizzly transport, its connection marked upgraded as Tyrus marks it. */
class GrizzlyFrameSinkTest {
  private final BlockingQueue<Connection<?>> upgraded = new LinkedBlockingQueue<>();
  private TCPNIOTransport transport;

  /** Stands in for Tyrus: marks the connection upgraded once its client sent a byte. */
  private final class UpgradingEndpoint extends BaseFilter {
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      UpgradedMark.mark(ctx.getConnection());
      upgraded.add(ctx.getConnection());
      return ctx.getStopAction();
    }
  }

  @AfterEach
  void stop() throws IOException {
    if (transport != null) {
      transport.shutdownNow();
    }
  }

  @Test
  void aWrittenFrameIsNotKeptByTheSinkOnceItsHandlerWasCalled() throws Exception {
    transport =
        TCPNIOTransportBuilder.newInstance()
            .setProcessor(
                FilterChainBuilder.stateless().add(new TransportFilter()).add(new UpgradingEndpoint()).build())
            .build();
    TCPNIOServerConnection server = transport.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    transport.start();
    InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
    try (Socket client = new Socket(address.getAddress(), address.getPort())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      Connection<?> connection = upgraded.poll(10, TimeUnit.SECONDS);
      GrizzlyFrameSink sink = GrizzlyFrameSink.attachTo(connection);
      byte[] frame = {(byte) 0x81, 2, 'h', 'i'};
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      // the handler (in Outbox: the send's completion, holding its frame and text) once the write is done
      WeakReference<SendHandler> handler = write(sink, frame, result);

      assertThat(result.get(10, TimeUnit.SECONDS).isOK()).isTrue();
      assertThat(new String(client.getInputStream().readNBytes(4), StandardCharsets.ISO_8859_1))
          .isEqualTo(new String(frame, StandardCharsets.ISO_8859_1));
      for (int attempt = 0; attempt < 50 && handler.get() != null; attempt++) {
        System.gc();
        Thread.onSpinWait();
      }
      assertThat(handler.get()).as("an idle connection's sink keeps its last send's handler").isNull();
    }
  }

  /** Writes the frame with a handler of its own, which only the sink (and Grizzly) hold on to. */
  private static WeakReference<SendHandler> write(
      GrizzlyFrameSink sink, byte[] frame, CompletableFuture<SendResult> result) {
    SendHandler done = result::complete;
    assertThat(sink.write(frame, done)).isTrue();
    return new WeakReference<>(done);
  }
}
