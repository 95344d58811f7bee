package dev.socketchat.socketio.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.config.Settings;
import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.socketio.EnginePacket;
import dev.socketchat.socketio.PacketLog;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Room events as the seed chat's pages receive them. */
class ChatFramesTest {
  private static final Settings.SocketIo SEOUL =
      Settings.from(Map.of("socketchat.socketio.time-zone", "Asia/Seoul")::get).socketIo();
  private static final ChatFrames FRAMES = new ChatFrames("/", SEOUL);
  private static final RoomKey ROOM = new RoomKey("42");
  private static final Nickname MINSU = new Nickname("민수");
  private static final Instant TIME = Instant.parse("2026-11-23T06:15:00.123Z"); // 15:15 in Seoul
  private static final Origin ORIGIN = Origin.of(new ConnectionId("n:1"));

  private static List<String> data(RoomEvent event) {
    return FRAMES.apply(event).packets().stream().map(EnginePacket::data).toList();
  }

  private static RoomEvent announced(Announcement.Kind kind, Nickname subject, Integer siteCount, int members) {
    return new RoomEvent.Announced(ROOM, MINSU, new Announcement(kind, subject, siteCount), members, TIME, ORIGIN);
  }

  @Test
  void aMessageIsAChattingEventWithTheSeedServersFieldsAndTheRoomsHeadcount() {
    RoomEvent posted = new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("안녕 👋"), 3, TIME, ORIGIN);
    assertThat(data(posted))
        .containsExactly(
            "2[\"chatting\",{\"msg\":\"안녕 👋\",\"name\":\"민수\",\"type\":\"chat\",\"time\":\"오후 03:15\","
                + "\"view\":3,\"room\":\"42\",\"timestamp\":\"2026-11-23T06:15:00.123Z\"}]");
    assertThat(ChatFrames.skipsOrigin(posted)).isFalse();
  }

  @Test
  void aTimestampOnAWholeSecondStillHasItsThreeDigitsOfMilliseconds() {
    Instant whole = Instant.parse("2026-11-23T06:15:05Z");
    RoomEvent posted = new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("hi"), 3, whole, ORIGIN);
    assertThat(data(posted).get(0)).contains("\"timestamp\":\"2026-11-23T06:15:05.000Z\"");
  }

  @Test
  void aFirstEntryIsANoticeOnChattingAndOnJoinRoomWithThePagesCountElseTheMembers() {
    String notice =
        "{\"msg\":\"민수 님이 입장하셨습니다.\",\"type\":\"notice\",\"size\":12,\"name\":\"민수\",\"room\":\"42\","
            + "\"timestamp\":\"2026-11-23T06:15:00.123Z\"}";
    assertThat(data(announced(Announcement.Kind.ENTRY, MINSU, 12, 2)))
        .containsExactly("2[\"chatting\"," + notice + "]", "2[\"join_room\"," + notice + "]");
    assertThat(data(announced(Announcement.Kind.ENTRY, MINSU, null, 2)).get(0)).contains("\"size\":2,");
  }

  @Test
  void leavingIsToldToTheOthersAndARemovalToEveryone() {
    RoomEvent leave = announced(Announcement.Kind.LEAVE, MINSU, null, 3);
    assertThat(data(leave)).singleElement().asString().startsWith(
        "2[\"chatting\",{\"msg\":\"민수 님이 퇴장하셨습니다.\",\"type\":\"notice\",\"size\":2,");
    assertThat(ChatFrames.skipsOrigin(leave)).isTrue();
    RoomEvent removal = announced(Announcement.Kind.REMOVAL, new Nickname("지영"), 4, 3);
    assertThat(data(removal)).singleElement().asString().startsWith(
        "2[\"chatting\",{\"msg\":\"지영 님을 챗방에서 내보냈습니다.\",\"type\":\"notice\",\"size\":4,\"name\":\"지영\"");
    assertThat(ChatFrames.skipsOrigin(removal)).isFalse();
  }

  @Test
  void withALogEveryPacketCarriesItsOwnOffsetAsALastStringArgumentAndIsLoggedUnderItsRoom() {
    PacketLog log = new PacketLog(Duration.ofMinutes(1));
    ChatFrames logged = new ChatFrames("/", SEOUL, log);
    PacketLog.Entry first = logged.apply(announced(Announcement.Kind.ENTRY, MINSU, 12, 2));
    PacketLog.Entry second =
        logged.apply(new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("hi"), 2, TIME, ORIGIN));
    assertThat(first.packets()).extracting(EnginePacket::data)
        .as("an entry notice on chatting, then on join_room: a connection can drop between the two")
        .satisfiesExactly(
            chatting -> assertThat(chatting).startsWith("2[\"chatting\"").endsWith("},\"1\"]"),
            joinRoom -> assertThat(joinRoom).startsWith("2[\"join_room\"").endsWith("},\"2\"]"));
    assertThat(first.offset()).isEqualTo(2);
    assertThat(second.packets()).singleElement().extracting(EnginePacket::data).asString().endsWith("},\"3\"]");
    assertThat(log.after(Map.of("42", 0L)).orElseThrow()).containsExactly(first, second);
    assertThat(logged.apply(new RoomEvent.MemberJoined(ROOM, MINSU, null, ORIGIN))).isNull();
    assertThat(log.latest()).as("silent events take no offset").isEqualTo(3);
  }

  @Test
  void acrossAClusterEveryPacketCarriesAnOffsetFromItsEventsNumberAmongAllTheClustersEvents() {
    ChatFrames numbered = new ChatFrames("/", SEOUL, null, true);
    RoomEvent posted = new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("hi"), 2, TIME, ORIGIN);
    PacketLog.Entry entry = new Broadcast(posted, 80731).frame(numbered);
    assertThat(entry.offset()).isEqualTo(161462);
    assertThat(entry.room()).isEqualTo("42");
    assertThat(entry.packets()).singleElement().extracting(EnginePacket::data).asString().endsWith("},\"161462\"]");
    PacketLog.Entry entered = new Broadcast(announced(Announcement.Kind.ENTRY, MINSU, 12, 2), 80733).frame(numbered);
    assertThat(entered.packets()).extracting(EnginePacket::data)
        .as("an entry notice on chatting, then on join_room: a connection can drop between the two")
        .satisfiesExactly(
            chatting -> assertThat(chatting).startsWith("2[\"chatting\"").endsWith("},\"161465\"]"),
            joinRoom -> assertThat(joinRoom).startsWith("2[\"join_room\"").endsWith("},\"161466\"]"));
    assertThat(entered.offset()).isEqualTo(161466);
    assertThat(entered.after(161465).packets()).extracting(EnginePacket::data)
        .as("what a client cut between them lacks")
        .singleElement()
        .asString()
        .startsWith("2[\"join_room\"");
    assertThat(new Broadcast(posted).frame(numbered).packets())
        .as("an event the registry did not number (a node's own notice) carries none")
        .singleElement()
        .extracting(EnginePacket::data)
        .asString()
        .endsWith("}]");
    assertThat(new Broadcast(new RoomEvent.MemberJoined(ROOM, MINSU, null, ORIGIN), 80732).frame(numbered)).isNull();
  }

  @Test
  void noticesAreSettings() {
    Settings.SocketIo english =
        Settings.from(Map.of("socketchat.socketio.entry-notice", "{name} joined the chat")::get).socketIo();
    EnginePacket packet =
        new ChatFrames("/", english).apply(announced(Announcement.Kind.ENTRY, MINSU, null, 1)).packets().get(0);
    assertThat(packet.data()).contains("\"msg\":\"민수 joined the chat\"");
  }

  @Test
  void theClockIsTwelveHourWithTheKoreanHalfOfDay() {
    ZoneId utc = ZoneId.of("UTC");
    assertThat(ChatFrames.clock(Instant.parse("2026-01-01T00:05:00Z"), utc)).isEqualTo("오전 12:05");
    assertThat(ChatFrames.clock(Instant.parse("2026-01-01T09:30:00Z"), utc)).isEqualTo("오전 09:30");
    assertThat(ChatFrames.clock(Instant.parse("2026-01-01T12:00:00Z"), utc)).isEqualTo("오후 12:00");
    assertThat(ChatFrames.clock(Instant.parse("2026-01-01T23:59:59Z"), utc)).isEqualTo("오후 11:59");
  }

  @Test
  void enteringAndLeavingThemselvesAreSilent() {
    assertThat(FRAMES.apply(new RoomEvent.MemberJoined(ROOM, MINSU, null, ORIGIN))).isNull();
    assertThat(FRAMES.apply(new RoomEvent.MemberLeft(ROOM, MINSU, true, 1, ORIGIN))).isNull();
    assertThat(FRAMES.apply(new RoomEvent.MemberLeft(ROOM, MINSU, false, 1, ORIGIN))).isNull();
  }
}
