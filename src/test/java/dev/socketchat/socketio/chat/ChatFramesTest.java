package dev.socketchat.socketio.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Room events as the Socket.IO chat pages receive them. */
class ChatFramesTest {
  private static final ChatFrames FRAMES = new ChatFrames("/");
  private static final RoomKey ROOM = new RoomKey("42");
  private static final Nickname MINSU = new Nickname("민수");
  private static final Instant TIME = Instant.parse("2026-11-23T04:30:00.123Z");
  private static final Origin ORIGIN = Origin.of(new ConnectionId("n:1"));

  @Test
  void aMessageIsAChattingEventWithNameRoomMsgAndTime() {
    RoomEvent posted = new RoomEvent.ChatPosted(ROOM, MINSU, new MessageText("안녕 👋"), TIME, ORIGIN);
    assertThat(FRAMES.apply(posted).data())
        .isEqualTo("2[\"chatting\",{\"name\":\"민수\",\"room\":\"42\",\"msg\":\"안녕 👋\",\"time\":\"2026-11-23T04:30:00.123Z\"}]");
    assertThat(ChatFrames.skipsOrigin(posted)).isFalse();
  }

  @Test
  void anEntryIsAJoinRoomEventWithItsTypeAndAnExitSparesTheOneLeaving() {
    RoomEvent entry =
        new RoomEvent.Announced(ROOM, MINSU, new Announcement(Announcement.Kind.ENTRY, 0, "첫 입장"), TIME, ORIGIN);
    assertThat(FRAMES.apply(entry).data())
        .isEqualTo(
            "2[\"join_room\",{\"name\":\"민수\",\"room\":\"42\",\"type\":0,\"msg\":\"첫 입장\",\"time\":\"2026-11-23T04:30:00.123Z\"}]");
    RoomEvent exit =
        new RoomEvent.Announced(ROOM, MINSU, new Announcement(Announcement.Kind.EXIT, 0, null), TIME, ORIGIN);
    assertThat(FRAMES.apply(exit).data())
        .isEqualTo("2[\"exit_room\",{\"name\":\"민수\",\"room\":\"42\",\"msg\":\"\",\"time\":\"2026-11-23T04:30:00.123Z\"}]");
    assertThat(ChatFrames.skipsOrigin(exit)).isTrue();
    assertThat(ChatFrames.skipsOrigin(entry)).isFalse();
  }

  @Test
  void enteringAndLeavingThemselvesAreSilent() {
    assertThat(FRAMES.apply(new RoomEvent.MemberJoined(ROOM, MINSU, null, ORIGIN))).isNull();
    assertThat(FRAMES.apply(new RoomEvent.MemberLeft(ROOM, MINSU, true, ORIGIN))).isNull();
    assertThat(FRAMES.apply(new RoomEvent.MemberLeft(ROOM, MINSU, false, ORIGIN))).isNull();
  }
}
