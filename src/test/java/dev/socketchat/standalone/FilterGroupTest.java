package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A group runs its members as the chain would run them side by side: on a real Grizzly transport and socket. */
class FilterGroupTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> reached = new LinkedBlockingQueue<>();
  private TCPNIOTransport transport;

  /** Notes each read, accept and write it sees, and hands them on (or stops a read when told to). */
  private final class Noting extends BaseFilter {
    private final String name;
    private final boolean stopsReads;

    Noting(String name, boolean stopsReads) {
      this.name = name;
      this.stopsReads = stopsReads;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) {
      seen.add(name + " accept");
      return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      seen.add(name + " read");
      if (stopsReads) {
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), new byte[] {'s'}));
        reached.add(name);
        return ctx.getStopAction();
      }
      return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
      seen.add(name + " write");
      return ctx.getInvokeAction();
    }
  }

  /** Stands in for what comes after the group: answers every read with one byte. */
  private final class Answering extends BaseFilter {
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      Buffer read = ctx.getMessage();
      read.tryDispose();
      seen.add("end read");
      ctx.write(Buffers.wrap(ctx.getMemoryManager(), new byte[] {'e'}));
      reached.add("end");
      return ctx.getStopAction();
    }
  }

  private InetSocketAddress start(Filter group) throws IOException {
    transport =
        TCPNIOTransportBuilder.newInstance()
            .setProcessor(
                FilterChainBuilder.stateless()
                    .add(new TransportFilter())
                    .add(new Noting("before", false))
                    .add(group)
                    .add(new Answering())
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
  }

  /** Sends one byte and returns the one byte the server answers with. */
  private static char exchange(InetSocketAddress address) throws IOException {
    try (Socket client = new Socket(address.getAddress(), address.getPort())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      return (char) client.getInputStream().read();
    }
  }

  @Test
  void readsPassTheMembersInOrderAndWritesPassThemInReverse() throws Exception {
    InetSocketAddress address = start(new FilterGroup(new Noting("a", false), new Noting("b", false)));
    assertThat(exchange(address)).isEqualTo('e');
    assertThat(reached.poll(10, TimeUnit.SECONDS)).isEqualTo("end");
    assertThat(seen)
        .containsSubsequence("before accept", "a accept", "b accept")
        .containsSubsequence("before read", "a read", "b read", "end read", "b write", "a write", "before write");
  }

  @Test
  void aMemberThatStopsAReadEndsItThereAndWhatItWritesStartsBelowTheGroup() throws Exception {
    InetSocketAddress address =
        start(new FilterGroup(new Noting("a", false), new Noting("b", true), new Noting("c", false)));
    assertThat(exchange(address)).isEqualTo('s');
    assertThat(reached.poll(10, TimeUnit.SECONDS)).isEqualTo("b");
    assertThat(seen)
        .containsSubsequence("before read", "a read", "b read", "before write")
        .doesNotContain("c read", "end read", "c write", "b write", "a write");
  }
}
