package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One Engine.IO session on a fake transport: what it queues, sends, hands to its listener and how it ends. */
class EngineSessionTest {
  private static final String OPEN_FIELDS = "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";

  private final EngineFixture fixture = new EngineFixture();

  @Test
  void aPollingSessionQueuesItsOpenPacketOfferingTheUpgradeUntilAGetTakesIt() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);

    assertThat(session.state()).isEqualTo(EngineState.OPEN);
    assertThat(fixture.listener.calls).containsExactly("opened");
    assertThat(polling.written).isEmpty();
    EngineSession.Poll poll = session.poll(polling, () -> {});
    assertThat(poll.outcome()).isEqualTo(EngineSession.PollOutcome.ANSWERED);
    assertThat(poll.packets()).extracting(EnginePacket::wire)
        .containsExactly("0{\"sid\":\"sid1\",\"upgrades\":[\"websocket\"]," + OPEN_FIELDS);
  }

  @Test
  void aWebSocketSessionWritesItsOpenPacketAtOnceOfferingNoUpgrade() {
    FakeTransport websocket = FakeTransport.websocket();
    fixture.open(websocket);

    assertThat(websocket.wire()).containsExactly("0{\"sid\":\"sid1\",\"upgrades\":[]," + OPEN_FIELDS);
  }

  @Test
  void packetsSentWhileNoGetWaitsGoTogetherToTheNextGet() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);
    session.send(EnginePacket.message("a"));
    session.send(List.of(EnginePacket.message("b"), EnginePacket.message("c")));

    assertThat(session.poll(polling, () -> {}).packets()).extracting(EnginePacket::wire)
        .containsExactly("0{\"sid\":\"sid1\",\"upgrades\":[\"websocket\"]," + OPEN_FIELDS, "4a", "4b", "4c");
    assertThat(polling.written).isEmpty();
  }

  @Test
  void aGetThatFindsNothingIsHeldAndAnsweredByTheNextSend() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);
    var unused = session.poll(polling, () -> {});

    EngineSession.Poll poll = session.poll(polling, polling::waitForPackets);
    assertThat(poll.outcome()).isEqualTo(EngineSession.PollOutcome.HELD);
    assertThat(polling.written).isEmpty();
    session.send(EnginePacket.message("hello"));
    assertThat(polling.wire()).containsExactly("4hello");
  }

  @Test
  void aSecondGetWhileOneIsHeldOverlaps() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);
    var unused = session.poll(polling, () -> {});
    unused = session.poll(polling, polling::waitForPackets);

    assertThat(session.poll(polling, () -> {}).outcome()).isEqualTo(EngineSession.PollOutcome.OVERLAP);
  }

  @Test
  void aGetIsRefusedOnceTheSessionIsClosedOrCarriedByAnotherTransport() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);

    assertThat(session.poll(FakeTransport.polling(), () -> {}).outcome())
        .isEqualTo(EngineSession.PollOutcome.REFUSED);
    session.close("server shutting down");
    assertThat(session.poll(polling, () -> {}).outcome()).isEqualTo(EngineSession.PollOutcome.REFUSED);
    assertThat(session.carries(polling)).isFalse();
  }

  @Test
  void whatFollowsSendApartWaitsTenMilliseconds() {
    FakeTransport websocket = FakeTransport.websocket();
    EngineSession session = fixture.open(websocket);

    session.sendApart(List.of(EnginePacket.message("40")));
    session.send(EnginePacket.message("42[\"hi\"]"));
    assertThat(websocket.wire()).endsWith("440");
    fixture.clock.advance(Duration.ofMillis(9));
    assertThat(websocket.wire()).endsWith("440");
    fixture.clock.advance(Duration.ofMillis(1));
    assertThat(websocket.wire()).endsWith("440", "442[\"hi\"]");
  }

  @Test
  void sendApartOnAStoppedTimerHoldsNothingBack() {
    FakeTransport websocket = FakeTransport.websocket();
    EngineSession session = fixture.open(websocket);
    fixture.clock.stop();

    session.sendApart(List.of(EnginePacket.message("40")));
    session.send(EnginePacket.message("42[\"hi\"]"));
    assertThat(websocket.wire()).endsWith("440", "442[\"hi\"]");
  }

  @Test
  void aSessionWhoseQueueOutgrowsTheOutboxLimitIsClosedAsTooSlow() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);
    String half = "x".repeat(600 * 1024);

    session.send(EnginePacket.message(half));
    assertThat(fixture.deferred).isEmpty();
    session.send(EnginePacket.message(half));
    assertThat(session.isClosed()).isFalse();
    session.send(EnginePacket.message("ignored"));
    fixture.runDeferred();

    assertThat(session.isClosed()).isTrue();
    assertThat(polling.events).containsExactly("close 1 too slow: outbound buffer full");
    assertThat(fixture.listener.calls).containsExactly("opened", "closed too slow: outbound buffer full");
    assertThat(polling.written).isEmpty();
  }

  @Test
  void aWebSocketWithNothingQueuedTakesEvenABigBatchStraightAway() {
    FakeTransport websocket = FakeTransport.websocket();
    EngineSession session = fixture.open(websocket);
    String big = "x".repeat(2 * 1024 * 1024);

    session.send(EnginePacket.message(big));
    assertThat(session.isClosed()).isFalse();
    assertThat(websocket.wire()).hasSize(2);
  }

  @Test
  void messagesReachTheListenerInOrder() {
    EngineSession session = fixture.open(FakeTransport.websocket());

    assertThat(session.receive(EnginePacket.message("one"))).isTrue();
    assertThat(session.receive(EnginePacket.binary(new byte[] {1, 2, 3}))).isTrue();
    assertThat(session.receive(EnginePacket.NOOP)).isTrue();
    assertThat(session.receive(EnginePacket.message("two"))).isTrue();
    assertThat(fixture.listener.calls).containsExactly("opened", "message one", "binary 3", "message two");
  }

  @Test
  void aCloseFromTheClientTellsTheTransportAndEndsTheSessionWithANoop() {
    FakeTransport polling = FakeTransport.polling();
    EngineSession session = fixture.open(polling);

    assertThat(session.receive(EnginePacket.CLOSE)).isTrue();
    assertThat(polling.events).containsExactly("closed by client", "close 6 client close");
    assertThat(fixture.listener.calls).containsExactly("opened", "closed client close");
    assertThat(session.state()).isEqualTo(EngineState.CLOSED);
  }

  @Test
  void aClientPingBreaksTheProtocolAndClosesTheSession() {
    FakeTransport websocket = FakeTransport.websocket();
    EngineSession session = fixture.open(websocket);

    assertThat(session.receive(EnginePacket.PING)).isFalse();
    assertThat(websocket.events).containsExactly("close 1 parse error: clients do not ping in Engine.IO v4");
  }

  @Test
  void aListenerThatFailsClosesTheSessionAsAServerError() {
    FakeTransport websocket = FakeTransport.websocket();
    EngineSession session = fixture.open(websocket);

    assertThat(session.receive(EnginePacket.message("fail"))).isTrue();
    assertThat(websocket.events).containsExactly("close 1 server error");
  }

  @Test
  void aSessionClosesOnceAndThenIgnoresWhatItIsSentOrGiven() {
    FakeTransport websocket = FakeTransport.websocket();
    EngineSession session = fixture.open(websocket);

    session.close("server shutting down");
    session.close("again");
    session.send(EnginePacket.message("late"));
    assertThat(session.receive(EnginePacket.message("late"))).isTrue();

    assertThat(websocket.events).containsExactly("close 1 server shutting down");
    assertThat(websocket.wire()).hasSize(1);
    assertThat(fixture.listener.calls).containsExactly("opened", "closed server shutting down");
    assertThat(fixture.clock.pending()).isZero();
  }
}
