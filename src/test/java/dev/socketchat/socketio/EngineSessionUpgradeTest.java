package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.metrics.CloseCause;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Moving a polling session to a WebSocket: the probe, its answer, the switch, and upgrades given up. */
class EngineSessionUpgradeTest {
  private final EngineFixture fixture = new EngineFixture();
  private final FakeTransport polling = FakeTransport.polling();
  private final FakeTransport probe = FakeTransport.websocket();
  private final EngineSession session = fixture.open(polling);

  @Test
  void aProbeIsAnsweredAndTheUpgradePacketMovesTheSessionAndItsQueueToTheWebSocket() {
    assertThat(session.beginUpgrade(probe)).isTrue();
    assertThat(session.state()).isEqualTo(EngineState.UPGRADING);
    session.send(EnginePacket.message("queued"));

    session.probePacket(probe, EnginePacket.parse("2probe"));
    assertThat(probe.wire()).containsExactly("3probe");
    assertThat(polling.events).containsExactly("probed");
    assertThat(session.carriedBy(polling)).isTrue();

    session.probePacket(probe, EnginePacket.parse("5"));
    assertThat(session.state()).isEqualTo(EngineState.OPEN);
    assertThat(session.carriedBy(probe)).isTrue();
    assertThat(probe.events).containsExactly("activated");
    assertThat(polling.events).containsExactly("probed", "replaced");
    assertThat(probe.wire()).endsWith("4queued").hasSize(3); // 3probe, the open packet no GET took, 4queued
    session.send(EnginePacket.message("now"));
    assertThat(probe.wire()).endsWith("4now");
    assertThat(fixture.clock.pending()).isEqualTo(1); // the heartbeat's, not the upgrade's
  }

  @Test
  void onlyOneWebSocketProbesAtATimeAndAnUpgradedSessionUpgradesNoMore() {
    assertThat(session.beginUpgrade(probe)).isTrue();
    FakeTransport second = FakeTransport.websocket();
    assertThat(session.beginUpgrade(second)).isFalse();
    session.probePacket(second, EnginePacket.parse("2probe"));
    assertThat(second.written).isEmpty();

    session.probePacket(probe, EnginePacket.parse("5"));
    assertThat(session.beginUpgrade(second)).isFalse();
  }

  @Test
  void aWebSocketSessionCannotBeUpgraded() {
    EngineSession websocketSession = new EngineFixture().open(FakeTransport.websocket());

    assertThat(websocketSession.beginUpgrade(probe)).isFalse();
  }

  @Test
  void anUpgradeNotCompletedInTenSecondsIsAbandonedAndTheSessionKeepsPolling() {
    assertThat(session.beginUpgrade(probe)).isTrue();
    session.probePacket(probe, EnginePacket.parse("2probe"));

    fixture.clock.advance(Duration.ofMillis(EngineSessions.UPGRADE_TIMEOUT).minusNanos(1));
    assertThat(session.state()).isEqualTo(EngineState.UPGRADING);
    fixture.clock.advance(Duration.ofNanos(1));
    assertThat(session.state()).isEqualTo(EngineState.OPEN);
    assertThat(probe.events).containsExactly("close - upgrade abandoned");
    session.probePacket(probe, EnginePacket.parse("5"));
    assertThat(session.carriedBy(polling)).isTrue();
    assertThat(session.beginUpgrade(FakeTransport.websocket())).isTrue();
  }

  @Test
  void aProbeThatGoesAwayAfterItsAnswerEndsTheSessionAndTellsTheWaitingGetSoItsClientReconnects() {
    var unused = session.poll(polling, () -> {});
    assertThat(session.beginUpgrade(probe)).isTrue();
    unused = session.poll(polling, polling::waitForPackets);
    session.probePacket(probe, EnginePacket.parse("2probe"));

    session.probeLost(probe);
    assertThat(session.state()).isEqualTo(EngineState.CLOSED);
    assertThat(polling.events).endsWith("close 1 " + EngineSession.PROBE_LOST);
    assertThat(SocketRecovery.recoverable(EngineSession.PROBE_LOST)).as("its sockets wait for their client").isTrue();
    assertThat(EngineCloses.cause(EngineSession.PROBE_LOST)).isEqualTo(CloseCause.NETWORK);
  }

  @Test
  void aProbeThatGoesAwayBeforeItsAnswerIsGivenUpAndTheSessionKeepsPolling() {
    assertThat(session.beginUpgrade(probe)).isTrue();

    session.probeLost(probe);
    assertThat(session.state()).isEqualTo(EngineState.OPEN);
    assertThat(session.carriedBy(polling)).isTrue();
    assertThat(probe.events).containsExactly("close - upgrade abandoned");
    assertThat(fixture.listener.calls).containsExactly("opened");
  }

  @Test
  void aProbeThatSendsAnythingElseIsAbandoned() {
    assertThat(session.beginUpgrade(probe)).isTrue();

    session.probePacket(probe, EnginePacket.message("hello"));
    assertThat(probe.events).containsExactly("close - upgrade abandoned");
    assertThat(session.state()).isEqualTo(EngineState.OPEN);
    assertThat(session.carriedBy(polling)).isTrue();
    assertThat(fixture.listener.calls).containsExactly("opened");
  }

  @Test
  void aGetHeldDuringAnUpgradeIsReleasedSoon() {
    var unused = session.poll(polling, () -> {});
    assertThat(session.beginUpgrade(probe)).isTrue();

    unused = session.poll(polling, polling::waitForPackets);
    assertThat(unused.outcome()).isEqualTo(EngineSession.PollOutcome.HELD);
    assertThat(polling.events).containsExactly("probed");
  }

  @Test
  void closingTheSessionDuringAnUpgradeClosesTheProbeToo() {
    assertThat(session.beginUpgrade(probe)).isTrue();

    session.close("server shutting down");
    assertThat(polling.events).containsExactly("close 1 server shutting down");
    assertThat(probe.events).containsExactly("close - server shutting down");
    assertThat(session.state()).isEqualTo(EngineState.CLOSED);
    assertThat(fixture.clock.pending()).isZero();
    assertThat(session.beginUpgrade(FakeTransport.websocket())).isFalse();
  }
}
