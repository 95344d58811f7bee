package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a socket's packets go as it is admitted, opened, suspended, recovered and ended. */
class SocketLinkTest {
  private final EngineFixture fixture = new EngineFixture();
  private final FakeTransport first = FakeTransport.websocket();
  private final FakeTransport second = FakeTransport.websocket();
  private final SocketIoConnection one = connection("sid1", first);
  private final SocketIoConnection two = connection("sid2", second);
  private final SocketLink link = new SocketLink(one, false);

  private SocketIoConnection connection(String sid, FakeTransport transport) {
    EngineSession session =
        new EngineSession(sid, Handshake.parse("EIO=4&transport=websocket"), transport, fixture.engine);
    transport.bind(session);
    session.start(fixture.listener);
    return new SocketIoConnection(session, new SocketIoNamespaces(), fixture.engine, AddressSlots.Slot.UNCOUNTED);
  }

  private static PacketLog.Entry logged(long offset) {
    return new PacketLog.Entry(offset, "room", 0, List.of(EnginePacket.message("2[\"n\",\"" + offset + "\"]")));
  }

  private void deliver(long offset) {
    PacketLog.Entry entry = logged(offset);
    link.deliver(entry.packets(), entry);
  }

  /** What went out after the open packet, pauses over. */
  private List<String> wire(FakeTransport transport) {
    fixture.clock.advance(java.time.Duration.ofMillis(20));
    List<String> wire = transport.wire();
    return wire.subList(1, wire.size());
  }

  @Test
  void whatIsSentWhileTheSocketIsAdmittedFollowsItsAnswer() {
    link.admit();
    deliver(1);
    assertThat(wire(first)).isEmpty();
    link.open(List.of(EnginePacket.message("0{}")));
    deliver(2);
    assertThat(wire(first)).containsExactly("40{}", "42[\"n\",\"1\"]", "42[\"n\",\"2\"]");
    assertThat(link.state()).isEqualTo(SocketLink.State.OPEN);
  }

  @Test
  void aSuspendedSocketDropsWhatItIsSentAndIsRecoveredWithTheReplayFirst() {
    link.admit();
    link.open(List.of(EnginePacket.message("0{}")));
    assertThat(link.dropped(two, true)).as("not its connection").isNull();
    assertThat(link.dropped(one, true)).isEqualTo(SocketLink.State.SUSPENDED);
    deliver(1);
    assertThat(link.recover()).isEqualTo(new SocketLink.Handover(null));
    deliver(2); // held: it came while the replay was being computed, which found it too
    deliver(3);
    link.recovered(two, List.of(logged(1), logged(2)), List.of(EnginePacket.message("0{}")));
    deliver(2); // handed over after the replay, which had it
    deliver(4);
    assertThat(wire(second))
        .containsExactly("42[\"n\",\"1\"]", "42[\"n\",\"2\"]", "40{}", "42[\"n\",\"3\"]", "42[\"n\",\"4\"]");
    assertThat(wire(first)).containsExactly("40{}");
  }

  @Test
  void aSocketTakenOverFromAnotherNodeHoldsWhatItIsSentUntilItsReplayAndAnswerWentOut() {
    link.admit();
    deliver(5); // live, from the move on: after the replay
    link.recovered(one, List.of(logged(3), logged(4)), List.of(EnginePacket.message("0{}")));
    deliver(6);
    assertThat(wire(first))
        .containsExactly("42[\"n\",\"3\"]", "42[\"n\",\"4\"]", "40{}", "42[\"n\",\"5\"]", "42[\"n\",\"6\"]");
    assertThat(link.state()).isEqualTo(SocketLink.State.OPEN);
  }

  @Test
  void aSocketEndsOnceWhateverEndsIt() {
    link.admit();
    link.open(List.of(EnginePacket.message("0{}")));
    assertThat(link.dropped(one, true)).isEqualTo(SocketLink.State.SUSPENDED);
    assertThat(link.expire()).isTrue();
    assertThat(link.end()).isFalse();
    assertThat(link.recover()).as("too late").isNull();
    assertThat(link.live()).isFalse();
  }

  @Test
  void aSocketThatCannotBeRecoveredEndsWithItsConnection() {
    SocketLink fixed = new SocketLink(one, true);
    fixed.admit();
    fixed.open(List.of());
    assertThat(fixed.dropped(one, false)).isEqualTo(SocketLink.State.ENDED);
  }
}
