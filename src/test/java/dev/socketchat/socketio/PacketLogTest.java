package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The broadcasts a namespace keeps for recovery: by room, in offset order, bounded by time and by count. */
class PacketLogTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final PacketLog log = new PacketLog(Duration.ofSeconds(10), 3, now::get);

  private PacketLog.Entry say(String room, String text) {
    return log.append(
        room, offset -> List.of(EnginePacket.message("2[\"chatting\",\"" + text + "\",\"" + offset + "\"]")));
  }

  private void advance(Duration step) {
    now.addAndGet(step.toNanos());
  }

  @Test
  void offsetsCountUpAcrossRoomsAndGoIntoThePackets() {
    PacketLog.Entry a = say("a", "one");
    PacketLog.Entry b = say("b", "two");
    assertThat(a.offset()).isEqualTo(1);
    assertThat(b.offset()).isEqualTo(2);
    assertThat(b.packets().get(0).data()).isEqualTo("2[\"chatting\",\"two\",\"2\"]");
    assertThat(log.latest()).isEqualTo(2);
  }

  @Test
  void eachPacketOfABroadcastHasItsOffsetAndAClientThatGotTheFirstMissesTheRest() {
    say("a", "before");
    PacketLog.Entry entry =
        log.append(
            "a",
            2,
            first ->
                List.of(
                    EnginePacket.message("2[\"chatting\",\"hello\",\"" + first + "\"]"),
                    EnginePacket.message("2[\"join_room\",\"hello\",\"" + (first + 1) + "\"]")));
    assertThat(entry.offset()).isEqualTo(3);
    assertThat(entry.packets()).extracting(EnginePacket::data)
        .containsExactly("2[\"chatting\",\"hello\",\"2\"]", "2[\"join_room\",\"hello\",\"3\"]");
    assertThat(log.latest()).isEqualTo(3);
    assertThat(log.after(Map.of("a", 1L)).orElseThrow()).containsExactly(entry);
    assertThat(log.after(Map.of("a", 2L)).orElseThrow()).singleElement()
        .satisfies(rest -> assertThat(rest.packets()).extracting(EnginePacket::data)
            .containsExactly("2[\"join_room\",\"hello\",\"3\"]"));
    assertThat(log.after(Map.of("a", 3L)).orElseThrow()).isEmpty();
  }

  @Test
  void whatASocketMissedIsWhatItsRoomsLoggedAfterItsBoundsInOffsetOrder() {
    PacketLog.Entry a1 = say("a", "a1");
    PacketLog.Entry b1 = say("b", "b1");
    PacketLog.Entry a2 = say("a", "a2");
    PacketLog.Entry c1 = say("c", "c1");
    PacketLog.Entry b2 = say("b", "b2");
    assertThat(log.after(Map.of("a", 0L, "b", 1L)).orElseThrow()).containsExactly(a1, b1, a2, b2);
    assertThat(log.after(Map.of("a", a1.offset(), "b", b2.offset())).orElseThrow()).containsExactly(a2);
    assertThat(log.after(Map.of("c", c1.offset())).orElseThrow()).isEmpty();
    assertThat(log.after(Map.of("quiet", 0L)).orElseThrow()).as("a room that logged nothing").isEmpty();
  }

  @Test
  void aRoomKeepsItsCapAndRefusesASocketThatNeedsWhatWentOverIt() {
    PacketLog.Entry first = say("a", "1");
    say("a", "2");
    say("a", "3");
    say("a", "4");
    assertThat(log.size()).isEqualTo(3);
    assertThat(log.after(Map.of("a", 0L))).as("the first packet is gone").isEmpty();
    assertThat(log.after(Map.of("a", first.offset())).orElseThrow()).hasSize(3);
  }

  @Test
  void anotherRoomsTrafficDoesNotPushARoomsPacketsOut() {
    PacketLog.Entry quiet = say("quiet", "only");
    for (int i = 0; i < 10; i++) {
      say("busy", "chatter " + i);
    }
    assertThat(log.after(Map.of("quiet", 0L)).orElseThrow()).containsExactly(quiet);
  }

  @Test
  void packetsExpireAfterTheRetentionAndASocketThatNeedsThemIsRefused() {
    say("a", "old");
    advance(Duration.ofSeconds(6));
    PacketLog.Entry fresh = say("a", "fresh");
    advance(Duration.ofSeconds(5));
    assertThat(log.after(Map.of("a", 0L))).as("the old packet expired").isEmpty();
    assertThat(log.after(Map.of("a", 1L)).orElseThrow()).containsExactly(fresh);
  }

  @Test
  void roomsWhosePacketsAllExpiredAreForgottenSoMemoryStaysBounded() {
    for (int i = 0; i < 50; i++) {
      say("room " + i, "hello");
    }
    advance(Duration.ofSeconds(11));
    say("another", "later");
    assertThat(log.size()).isEqualTo(1);
  }

  @Test
  void expiredPacketsAreForgottenOnTheTimerThoughNothingIsSaidAfterThem() {
    for (int i = 0; i < 50; i++) {
      say("room " + i, "hello");
    }
    advance(Duration.ofSeconds(11));
    log.forgetExpired();
    assertThat(log.size()).isZero();
  }
}
