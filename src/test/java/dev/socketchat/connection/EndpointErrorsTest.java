package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.DecodeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import org.glassfish.tyrus.core.ProtocolException;
import org.glassfish.tyrus.core.Utf8DecodingException;
import org.junit.jupiter.api.Test;

/** Which failures a container reports are a peer's doing and which the server's own. */
class EndpointErrorsTest {
  @Test
  void ioFailuresArePeers() {
    assertThat(EndpointErrors.causedByPeer(new IOException("Connection reset by peer"))).isTrue();
    assertThat(EndpointErrors.causedByPeer(new ClosedChannelException())).isTrue();
  }

  @Test
  void aFailureCausedByAnIoFailureIsAPeers() {
    assertThat(EndpointErrors.causedByPeer(new UncheckedIOException(new EOFException()))).isTrue();
    assertThat(EndpointErrors.causedByPeer(new IllegalStateException(new RuntimeException(new IOException()))))
        .isTrue();
  }

  @Test
  void aMessageNoDecoderReadsIsAPeers() {
    assertThat(EndpointErrors.causedByPeer(new DecodeException("{", "not JSON"))).isTrue();
  }

  @Test
  void tyrusProtocolErrorsArePeers() {
    assertThat(EndpointErrors.causedByPeer(new ProtocolException("RSV bit(s) incorrectly set."))).isTrue();
    assertThat(EndpointErrors.causedByPeer(new Utf8DecodingException())).isTrue();
  }

  @Test
  void everythingElseIsTheServersOwn() {
    assertThat(EndpointErrors.causedByPeer(new NullPointerException())).isFalse();
    assertThat(EndpointErrors.causedByPeer(new IllegalStateException("bug", new IllegalArgumentException())))
        .isFalse();
    assertThat(EndpointErrors.causedByPeer(new StackOverflowError())).isFalse();
  }

  @Test
  void aChainOfCausesThatLoopsEnds() {
    RuntimeException first = new RuntimeException();
    RuntimeException second = new RuntimeException(first);
    first.initCause(second);
    assertThat(EndpointErrors.causedByPeer(first)).isFalse();
  }
}
