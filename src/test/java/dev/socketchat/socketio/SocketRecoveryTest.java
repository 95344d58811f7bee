package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.config.Settings;
import dev.socketchat.metrics.CloseCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connection state recovery of one socket, on fake transports and a manual clock: suspended when its connection
 * drops, recovered by a client that comes back with its pid and offset, ended by a deliberate disconnect or when its
 * window passes.
 */
class SocketRecoveryTest {
  private static final Pattern ANSWER = Pattern.compile("40\\{\"sid\":\"([^\"]+)\",\"pid\":\"([^\"]+)\"}");
  private static final Duration WINDOW = Settings.defaults().sessions().resumeWindow();

  private final ManualClock clock = new ManualClock();
  private final List<Runnable> deferred = new ArrayList<>();
  private final SocketIoNamespaces namespaces = new SocketIoNamespaces();
  private final EngineSessions engine = new EngineSessions(Settings.defaults(), namespaces);
  /** How many packets the room keeps. */
  private static final int CAP = 100;

  private final PacketLog log = new PacketLog(Duration.ofMinutes(2), CAP, clock::nanoTime);
  private final List<String> calls = new ArrayList<>();
  private final List<SocketIoSocket> sockets = new ArrayList<>();
  private int sessions;

  SocketRecoveryTest() {
    engine.start(clock, deferred::add);
    namespaces.register(
        "/",
        new Namespace() {
          @Override
          public SocketListener connect(SocketIoSocket socket) {
            sockets.add(socket);
            socket.joined("room");
            return new SocketListener() {
              @Override
              public void event(SocketEvent event) {
                calls.add("event " + event.name());
              }

              @Override
              public void disconnected(String reason) {
                calls.add("disconnected: " + reason);
              }
            };
          }

          @Override
          public PacketLog log() {
            return log;
          }
        });
  }

  /** A new Engine.IO session on a WebSocket-like transport, with a Socket.IO connection on top. */
  private FakeTransport connection() {
    FakeTransport transport = FakeTransport.websocket();
    EngineSession session =
        new EngineSession("sid" + ++sessions, Handshake.parse("EIO=4&transport=websocket"), transport, engine);
    transport.bind(session);
    session.start(new SocketIoConnection(session, namespaces, engine, AddressSlots.Slot.UNCOUNTED));
    return transport;
  }

  private static void send(FakeTransport transport, String packet) {
    assertThat(transport.session.receive(EnginePacket.message(packet))).as("%s", transport.events).isTrue();
  }

  /** Broadcasts a message to the room, as a namespace does: logged once, handed to every socket in it. */
  private void broadcast(String text) {
    PacketLog.Entry entry =
        log.append(
            "room",
            offset -> List.of(SocketIoCodec.event(
                "/", "news", SharedJson.get().createValue(text), SharedJson.get().createValue("" + offset))));
    sockets.forEach(socket -> socket.send(entry));
  }

  /** What went to the client after the open packet, pauses over. */
  private List<String> wire(FakeTransport transport) {
    clock.advance(Duration.ofMillis(20));
    List<String> wire = transport.wire();
    return wire.subList(1, wire.size());
  }

  private static Matcher answer(String packet) {
    Matcher matcher = ANSWER.matcher(packet);
    assertThat(matcher.matches()).as("a CONNECT answer with sid and pid: %s", packet).isTrue();
    return matcher;
  }

  private void passWindow() {
    clock.advance(WINDOW.plusSeconds(1));
    while (!deferred.isEmpty()) {
      deferred.remove(0).run();
    }
  }

  @Test
  void aDroppedSocketComesBackWithWhatItMissedBeforeItsConnectAnswerThenLivePackets() {
    FakeTransport first = connection();
    send(first, "0");
    broadcast("one");
    Matcher connect = answer(wire(first).get(0));
    assertThat(wire(first)).containsExactly(connect.group(), "42[\"news\",\"one\",\"1\"]");

    first.session.close("transport close", null);
    broadcast("two");
    broadcast("three");
    assertThat(calls).as("a drop keeps the socket").isEmpty();

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\",\"offset\":\"1\"}");
    broadcast("four");
    assertThat(wire(second))
        .containsExactly(
            "42[\"news\",\"two\",\"2\"]",
            "42[\"news\",\"three\",\"3\"]",
            connect.group(),
            "42[\"news\",\"four\",\"4\"]");
    send(second, "2[\"hello\"]");
    assertThat(calls).containsExactly("event hello");
    assertThat(sockets).as("the same socket, no new one").hasSize(1);
  }

  @Test
  void aSocketRemovedFromItsRoomWhileItsConnectionWasDeadGetsTheRoomUpToItsRemovalOnRecovery() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    broadcast("removal notice"); // the moderator's announcement, sent into a connection already dead
    sockets.get(0).removed("room"); // its removal arrives: nothing the room says from now on is the socket's
    broadcast("after the removal");
    first.session.close("transport close", null);

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(wire(second)).containsExactly("42[\"news\",\"removal notice\",\"1\"]", connect.group());
  }

  @Test
  void aSocketWhoseClientHadItsRemovalIsRecoveredWithNothingOfThatRoomThoughTheRoomWentOn() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    broadcast("removal notice");
    sockets.get(0).removed("room");
    for (int i = 0; i < CAP + 1; i++) {
      broadcast("after the removal " + i); // the room goes on: its packets from before the removal are trimmed
    }
    first.session.close("transport close", null);

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\",\"offset\":\"1\"}");
    assertThat(wire(second)).containsExactly(connect.group());
  }

  @Test
  void aSocketThatLeftARoomItHadHeardInFullIsRecoveredThoughThatRoomWentOnAndForgotItsOldPackets() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    broadcast("one");
    assertThat(wire(first)).containsExactly(connect.group(), "42[\"news\",\"one\",\"1\"]");
    for (int i = 0; i < 5; i++) { // other rooms, which the socket is not in, talk meanwhile
      log.append("elsewhere", offset -> List.of(SocketIoCodec.event("/", "news", SharedJson.get().createValue(offset))));
    }
    PacketLog.Entry notice =
        log.append("room", offset -> List.of(SocketIoCodec.event("/", "news", SharedJson.get().createValue("bye"))));
    sockets.get(0).leftBefore("room", notice.offset()); // its leave_room: the notice is the others'
    for (int i = 0; i < CAP + 1; i++) {
      broadcast("after the leave " + i); // the room goes on (to its other members): its old packets are trimmed
    }
    first.session.close("transport close", null);

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\",\"offset\":\"1\"}");
    assertThat(wire(second)).as("recovered, with nothing more of the room it left").containsExactly(connect.group());
  }

  @ParameterizedTest
  @ValueSource(strings = {PollingTransport.OVERLAPPING_GET, PollingTransport.OVERLAPPING_POST})
  void aSessionClosedForOverlappingPollsKeepsItsSocketForRecoveryAsADropDoes(String overlap) {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close(overlap, EnginePacket.CLOSE);
    broadcast("missed");
    assertThat(calls).as("the socket waits for its client").isEmpty();

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(wire(second)).containsExactly("42[\"news\",\"missed\",\"1\"]", connect.group());
    assertThat(sockets).as("the same socket, no new one").hasSize(1);
    assertThat(EngineCloses.cause(overlap)).as("still counted a protocol error").isEqualTo(CloseCause.PROTOCOL);
  }

  @Test
  void aSessionWhoseClientClosedItsWebSocketKeepsItsSocketForRecoveryAndCountsAsTheClientsClose() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close(WebSocketTransport.CLOSED_BY_CLIENT, null);
    broadcast("missed");
    assertThat(calls).as("the socket waits for its client").isEmpty();

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(wire(second)).containsExactly("42[\"news\",\"missed\",\"1\"]", connect.group());
    assertThat(EngineCloses.cause(WebSocketTransport.CLOSED_BY_CLIENT)).isEqualTo(CloseCause.CLIENT);
  }

  /**
   * Undertow (WildFly) answers a client's close frame at once and fails the sends queued behind it: the outbox takes
   * that for a lost peer and the socket is suspended, before the container reports the close frame itself. A page
   * that went away (1001) then leaves at once, as it would have had its close come first.
   */
  @Test
  void aSocketSuspendedForALossEndsAtOnceWhenItsClientsGoingAwayIsReportedAfter() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close("transport close", null);
    assertThat(calls).as("suspended by the failed send").isEmpty();

    first.session.leftAfterLoss(WebSocketTransport.LEFT);
    assertThat(calls).containsExactly("disconnected: transport close: the client left");
    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    Matcher fresh = answer(wire(second).get(0));
    assertThat(fresh.group(1)).as("not recovered: a new socket").isNotEqualTo(connect.group(1));
    passWindow();
    assertThat(calls).as("ended once").hasSize(1);
  }

  @Test
  void aGoingAwayHandledBeforeTheLossItFollowedEndsTheSocketWhenTheLossCloses() {
    FakeTransport first = connection();
    send(first, "0");
    answer(wire(first).get(0));
    first.session.leftAfterLoss(WebSocketTransport.LEFT);
    assertThat(calls).isEmpty();

    first.session.close("transport close", null);
    assertThat(calls).containsExactly("disconnected: transport close: the client left");
  }

  @Test
  void aGoingAwayReportedAfterItsSocketWasRecoveredElsewhereChangesNothing() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close("transport close", null);
    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(wire(second)).containsExactly(connect.group());

    first.session.leftAfterLoss(WebSocketTransport.LEFT);
    assertThat(calls).as("the recovered socket carries on").isEmpty();
    send(second, "2[\"hello\"]");
    assertThat(calls).containsExactly("event hello");
  }

  @Test
  void aClientWithNoOffsetYetGetsWhatItsRoomsSentSinceItJoined() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close("ping timeout", EnginePacket.CLOSE);
    broadcast("missed");

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(wire(second)).containsExactly("42[\"news\",\"missed\",\"1\"]", connect.group());
  }

  @Test
  void aClientBackBeforeItsDropWasNoticedTakesItsSocketOverAndTheOldConnectionCloses() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    broadcast("lost on the way");

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(wire(second)).containsExactly("42[\"news\",\"lost on the way\",\"1\"]", connect.group());
    assertThat(first.session.isClosed()).isTrue();
    broadcast("live");
    assertThat(wire(second)).endsWith("42[\"news\",\"live\",\"2\"]");
    assertThat(calls).isEmpty();
  }

  @Test
  void broadcastsRacingARecoveryArriveOnceAndInOrder() throws Exception {
    for (int round = 0; round < 100; round++) {
      sockets.clear();
      FakeTransport first = connection();
      send(first, "0");
      Matcher connect = answer(wire(first).get(0));
      long before = log.latest();
      first.session.close("transport close", null);
      CountDownLatch go = new CountDownLatch(1);
      Thread room =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 20; i++) {
                  broadcast("racing");
                }
              });
      room.start();
      FakeTransport second = connection();
      go.countDown();
      String offset = before == 0 ? "" : ",\"offset\":\"" + before + "\""; // none before the first broadcast
      send(second, "0{\"pid\":\"" + connect.group(2) + "\"" + offset + "}");
      room.join(10_000);
      List<String> wire = wire(second);
      assertThat(wire).as("round %d", round).contains(connect.group());
      List<Long> offsets =
          wire.stream()
              .filter(packet -> packet.startsWith("42"))
              .map(packet -> Long.parseLong(packet.replaceAll(".*,\"([0-9]+)\"]$", "$1")))
              .toList();
      assertThat(offsets)
          .as("round %d: every broadcast once, in order", round)
          .isEqualTo(java.util.stream.LongStream.rangeClosed(before + 1, before + 20).boxed().toList());
      send(second, "1");
    }
  }

  @Test
  void whenTheWindowPassesTheSocketEndsAndItsPidIsForgotten() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close("transport close", null);

    passWindow();
    assertThat(calls).containsExactly("disconnected: transport close");
    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    Matcher fresh = answer(wire(second).get(0));
    assertThat(fresh.group(1)).isNotEqualTo(connect.group(1));
    assertThat(fresh.group(2)).isNotEqualTo(connect.group(2));
  }

  @Test
  void aDeliberateDisconnectEndsTheSocketAtOnce() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    send(first, "1");
    assertThat(calls).containsExactly("disconnected: client namespace disconnect");

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(answer(wire(second).get(0)).group(1)).isNotEqualTo(connect.group(1));
  }

  @Test
  void whenWhatItMissedIsGoneTheSocketEndsAndTheClientStartsAfresh() {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    first.session.close("transport close", null);
    for (int i = 0; i <= CAP; i++) {
      broadcast("#" + i); // the room keeps CAP of them: the first is gone
    }

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\"}");
    assertThat(calls).containsExactly("disconnected: recovery refused");
    assertThat(answer(wire(second).get(0)).group(1)).isNotEqualTo(connect.group(1));
  }

  /** Offsets the server never writes: a word, a number for the string, none at all, a leading zero, a future one. */
  @ParameterizedTest
  @ValueSource(strings = {"\"connected\"", "1", "\"0\"", "\"01\"", "\"\"", "\"2\"", "[\"1\"]"})
  void anOffsetThisServerDidNotGiveStartsAfresh(String offset) {
    FakeTransport first = connection();
    send(first, "0");
    Matcher connect = answer(wire(first).get(0));
    broadcast("given"); // offset "1"
    first.session.close("transport close", null);

    FakeTransport second = connection();
    send(second, "0{\"pid\":\"" + connect.group(2) + "\",\"offset\":" + offset + "}");
    assertThat(answer(wire(second).get(0)).group(1)).isNotEqualTo(connect.group(1));
    assertThat(calls).containsExactly("disconnected: recovery refused");
  }

  @Test
  void aNamespaceWithoutALogAnswersWithoutPid() {
    namespaces.register("/plain", socket -> event -> {});
    FakeTransport first = connection();
    send(first, "0/plain,");
    assertThat(wire(first).get(0)).matches("40/plain,\\{\"sid\":\"[^\"]+\"}");
  }
}
