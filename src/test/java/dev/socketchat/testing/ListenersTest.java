package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListenersTest {

  @Test
  void kernelAddressesAreReadInHostByteOrder() {
    assertThat(Listeners.address("0100007F:1F90"))
        .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    assertThat(Listeners.address("00000000:0050")).isEqualTo(new InetSocketAddress("0.0.0.0", 80));
    assertThat(Listeners.address("0000000000000000FFFF00000100007F:1F90").getAddress().isLoopbackAddress()).isTrue();
    assertThat(Listeners.address("00000000000000000000000001000000:1F90").getAddress().isLoopbackAddress()).isTrue();
    assertThat(Listeners.address("00000000000000000000000000000000:1F90").getAddress().isAnyLocalAddress()).isTrue();
  }

  @Test
  void aSocketThisProcessListensOnIsFound() throws Exception {
    assumeTrue(Listeners.supported(), "needs Linux /proc");
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(Listeners.of(ProcessHandle.current()))
          .contains(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()));
    }
  }
}
