package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import org.junit.jupiter.api.Test;

/** Containers' own closes, as they report them, read back into what happened. */
class ContainerClosesTest {
  @Test
  void aResetIsToldFromAConnectionClosedInOrderByWhatTheFailureSays() {
    assertThat(ContainerCloses.isReset(new java.nio.channels.ClosedChannelException())).isTrue();
    assertThat(ContainerCloses.isReset(new java.net.SocketException("Connection reset"))).isTrue();
    assertThat(ContainerCloses.isReset(new IllegalStateException(new java.io.IOException("Broken pipe")))).isTrue();
    assertThat(ContainerCloses.isReset(new java.io.IOException("UT002002: Channel is closed")))
        .as("Undertow's failure of the sends behind a client's own close frame")
        .isFalse();
    assertThat(ContainerCloses.isReset(null)).isFalse();
  }

  @Test
  void undertowsAbnormalReportOfItsOwnCloseForTextThatIsNotUtf8ComesBackAs1007() {
    CloseReason reported = new CloseReason(CloseCodes.CLOSED_ABNORMALLY, "UT002003: Text frame contains non UTF-8 data");
    CloseReason sent = ContainerCloses.asSent(reported);
    assertThat(sent.getCloseCode().getCode()).isEqualTo(1007);
    assertThat(ContainerCloses.withoutCloseFrame(sent)).isFalse();
    assertThat(ContainerCloses.forAFrame(sent)).isTrue();
  }

  @Test
  void undertowsAbnormalReportOfItsOwnCloseForAFrameThatBrokeTheProtocolComesBackAs1002() {
    CloseReason reported =
        new CloseReason(CloseCodes.CLOSED_ABNORMALLY, "UT002015: Extensions not allowed but received rsv of 4");
    assertThat(ContainerCloses.asSent(reported).getCloseCode().getCode()).isEqualTo(1002);
  }

  @Test
  void aNetworkThatWentAwayStaysAnAbnormalClosure() {
    for (String phrase : new String[] {null, "", "UT002046: Closing WebSocket, peer went away.", "UT002002: Channel"}) {
      CloseReason reported = new CloseReason(CloseCodes.CLOSED_ABNORMALLY, phrase);
      assertThat(ContainerCloses.asSent(reported)).as(phrase).isSameAs(reported);
      assertThat(ContainerCloses.withoutCloseFrame(reported)).as(phrase).isTrue();
    }
  }

  @Test
  void aClientsOwnCloseWithAnUndertowLikeReasonIsLeftAsItCame() {
    CloseReason reported = new CloseReason(CloseCodes.NORMAL_CLOSURE, "UT002003: Text frame contains non UTF-8 data");
    assertThat(ContainerCloses.asSent(reported)).isSameAs(reported);
  }
}
