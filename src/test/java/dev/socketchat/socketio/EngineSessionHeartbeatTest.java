package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A session's heartbeat on a manual clock: a ping every 25 s, and a close when the pong does not come in 20 s. */
class EngineSessionHeartbeatTest {
  private static final Duration INTERVAL = Duration.ofSeconds(25);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration TICK = Duration.ofNanos(1);

  private final EngineFixture fixture = new EngineFixture();
  private final FakeTransport websocket = FakeTransport.websocket();
  private final EngineSession session = fixture.open(websocket);

  @Test
  void aPingGoesOutEveryIntervalWhileThePeerAnswers() {
    fixture.clock.advance(INTERVAL.minus(TICK));
    assertThat(websocket.wire()).hasSize(1);
    fixture.clock.advance(TICK);
    assertThat(websocket.wire()).endsWith("2");

    fixture.clock.advance(Duration.ofSeconds(19));
    assertThat(session.receive(EnginePacket.of(EnginePacket.Type.PONG, ""))).isTrue();
    fixture.clock.advance(INTERVAL.minus(TICK));
    assertThat(websocket.wire()).hasSize(2);
    fixture.clock.advance(TICK);
    assertThat(websocket.wire()).hasSize(3).endsWith("2");
    assertThat(session.isClosed()).isFalse();
  }

  @Test
  void aPeerThatDoesNotAnswerIsClosedWhenThePingTimeoutRunsOut() {
    fixture.clock.advance(INTERVAL);
    fixture.clock.advance(TIMEOUT.minus(TICK));
    assertThat(session.isClosed()).isFalse();

    fixture.clock.advance(TICK);
    assertThat(session.isClosed()).isTrue();
    assertThat(websocket.events).containsExactly("close 1 ping timeout");
    assertThat(fixture.listener.calls).containsExactly("opened", "closed ping timeout");
    assertThat(fixture.clock.pending()).isZero();
  }

  @Test
  void aRequestAfterThePongWasDueClosesTheSessionEvenIfTheTimerIsLate() {
    fixture.clock.jump(INTERVAL.plus(TIMEOUT));
    assertThat(session.closeIfExpired()).isFalse();

    fixture.clock.jump(TICK);
    assertThat(session.expired()).isTrue();
    assertThat(session.closeIfExpired()).isTrue();
    assertThat(websocket.events).containsExactly("close 1 ping timeout");
    assertThat(session.expired()).isFalse();
  }

  @Test
  void aPingThatGoesOutLateStillGivesThePeerAFullTimeout() {
    fixture.clock.jump(Duration.ofSeconds(40)); // the timer thread was held up: the ping is 15 s late
    fixture.clock.advance(Duration.ZERO);
    assertThat(websocket.wire()).endsWith("2");

    fixture.clock.jump(TIMEOUT);
    assertThat(session.expired()).isFalse();
    fixture.clock.jump(TICK);
    assertThat(session.expired()).isTrue();
  }

  @Test
  void aPongThatAnswersNoPingChangesNothing() {
    fixture.clock.advance(Duration.ofSeconds(10));
    assertThat(session.receive(EnginePacket.of(EnginePacket.Type.PONG, ""))).isTrue();

    fixture.clock.advance(Duration.ofSeconds(15));
    assertThat(websocket.wire()).hasSize(2).endsWith("2");
  }

  @Test
  void aClosedSessionStopsItsHeartbeat() {
    fixture.clock.advance(INTERVAL);
    session.close("server shutting down");

    assertThat(fixture.clock.pending()).isZero();
    fixture.clock.advance(Duration.ofMinutes(5));
    assertThat(websocket.wire()).hasSize(2);
    assertThat(fixture.listener.calls).containsExactly("opened", "closed server shutting down");
  }
}
