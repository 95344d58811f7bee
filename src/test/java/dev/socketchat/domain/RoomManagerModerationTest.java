package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.Kind;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomManagerModerationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:15:30Z"), ZoneOffset.UTC);
  private final RoomManager rooms =
      new RoomManager(
          fanOut -> new InMemoryRoomRegistry(fanOut, HistoryLimits.defaults()),
          CLOCK,
          FloodLimits.NONE,
          RoomLimits.NONE,
          new SessionLimits(Duration.ofMinutes(1)),
          HistoryLimits.defaults());

  @AfterEach
  void stop() {
    rooms.shutdown();
  }

  private record Client(Connection connection, RecordingRecipient inbox) {}

  private Client connect() {
    RecordingRecipient inbox = new RecordingRecipient();
    return new Client(rooms.connect(inbox), inbox);
  }

  /** A connection whose token said it is {@code subject}, speaking as {@code name}. */
  private Client signedIn(String subject, String name, boolean moderator) {
    Client client = connect();
    rooms.identify(client.connection(), new Identity(subject, nick(name), moderator));
    return client;
  }

  private static Nickname nick(String name) {
    return new Nickname(name);
  }

  private RoomId create(Client owner, String name) {
    rooms.create(owner.connection(), nick(name), new RoomName("room of " + name), null);
    return (RoomId) owner.inbox().take().get(0).event().room();
  }

  private long join(Client member, String name, RoomId room) {
    rooms.join(member.connection(), nick(name), room, null);
    return member.inbox().take().get(0).event().seq();
  }

  private boolean kick(Client by, String name, RoomRef room, String target) {
    return rooms.kick(by.connection(), nick(name), room, nick(target), null, "\"k1\"").kickerInRoom();
  }

  private static void assertRefused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  @Test
  void theOwnerKicksAMemberAndEveryMemberTheKickedOneIncludedHearsItWithOneNumber() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    long joined = join(lee, "lee", room);
    Client park = connect();
    join(park, "park", room);
    owner.inbox().take();
    lee.inbox().take();

    rooms.kick(owner.connection(), nick("kim"), room, nick("lee"), new MessageText("spam"), "\"k1\"");

    RecordingRecipient.Delivery reply = owner.inbox().take().get(0);
    assertThat(reply.toOrigin()).isTrue();
    MemberKicked kicked = (MemberKicked) reply.event();
    assertThat(kicked.name()).isEqualTo(nick("lee"));
    assertThat(kicked.by()).isEqualTo(nick("kim"));
    assertThat(kicked.note()).isEqualTo("spam");
    assertThat(kicked.origin().tag()).isEqualTo("\"k1\"");
    assertThat(kicked.members()).isEqualTo(2);
    assertThat(kicked.seq()).isEqualTo(joined + 2);
    assertThat(lee.inbox().take()).singleElement().satisfies(d -> assertThat(d.event()).isEqualTo(kicked));
    assertThat(park.inbox().take()).singleElement().satisfies(d -> assertThat(d.event()).isEqualTo(kicked));
  }

  @Test
  void theKickedMemberIsOutOfTheRoomAsIfItHadLeft() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);

    kick(owner, "kim", room, "lee");
    lee.inbox().take();

    assertThat(lee.connection().rooms()).isEmpty();
    assertThat(rooms.rooms()).singleElement().satisfies(summary -> assertThat(summary.members()).isEqualTo(1));
    assertThat(rooms.status().seats()).isEqualTo(1);
    rooms.say(owner.connection(), nick("kim"), room, new MessageText("after"), null);
    assertThat(lee.inbox().take()).isEmpty();
    assertRefused(
        Reason.NOT_MEMBER, () -> rooms.say(lee.connection(), nick("lee"), room, new MessageText("hey"), null));
  }

  @Test
  void aKickedGuestCannotComeBackUnderItsNameOnAnyConnection() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    kick(owner, "kim", room, "lee");

    assertRefused(Reason.BANNED, () -> rooms.join(lee.connection(), nick("lee"), room, null));
    assertRefused(Reason.BANNED, () -> rooms.join(connect().connection(), nick("LEE"), room, null));
    assertThat(lee.connection().rooms()).isEmpty();
    Client other = connect();
    join(other, "ahn", room); // a new connection under another name is somebody else, as far as a guest goes
  }

  @Test
  void theBanOfASignedInUserHoldsForItsSubjectWhateverItsConnectionOrName() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = signedIn("user-17", "lee", false);
    join(lee, "lee", room);
    kick(owner, "kim", room, "lee");

    Client again = signedIn("user-17", "lee2", false);
    assertRefused(Reason.BANNED, () -> rooms.join(again.connection(), nick("lee2"), room, null));
    Client someoneElse = signedIn("user-18", "lee", false);
    join(someoneElse, "lee", room);
  }

  @Test
  void theBanGoesWithTheRoom() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    kick(owner, "kim", room, "lee");
    lee.inbox().take();
    Client other = connect();
    RoomId second = create(other, "ahn");
    join(lee, "lee", second);

    rooms.delete(owner.connection(), nick("kim"), room, null);
    Client lee2 = connect();
    assertRefused(Reason.NO_SUCH_ROOM, () -> rooms.join(lee2.connection(), nick("lee"), room, null));
    assertThat(rooms.rooms()).extracting(RoomSummary::id).containsExactly(second);
  }

  @Test
  void anOpenRoomsBanGoesWhenItsLastMemberLeaves() {
    Client moderator = signedIn("mod-1", "mod", true);
    RoomKey lounge = new RoomKey("lounge");
    Client lee = connect();
    rooms.enter(lee.connection(), nick("lee"), lounge, null);
    Client park = connect();
    rooms.enter(park.connection(), nick("park"), lounge, null);

    kick(moderator, "mod", lounge, "lee");
    assertRefused(Reason.BANNED, () -> rooms.enter(lee.connection(), nick("lee"), lounge, null));
    rooms.exit(park.connection(), nick("park"), lounge, null);

    rooms.enter(lee.connection(), nick("lee"), lounge, null);
    assertThat(lee.connection().rooms()).containsExactly(lounge);
  }

  @Test
  void aPageMovingToARoomThatBansItIsRefusedAndStaysWhereItWas() {
    Client moderator = signedIn("mod-1", "mod", true);
    RoomKey lounge = new RoomKey("lounge");
    RoomKey patio = new RoomKey("patio");
    Client lee = connect();
    rooms.enter(lee.connection(), nick("lee"), patio, null);
    Client park = connect();
    rooms.enter(park.connection(), nick("park"), patio, null);
    kick(moderator, "mod", patio, "lee");
    rooms.enter(lee.connection(), nick("lee"), lounge, null);
    Client kim = connect();
    rooms.enter(kim.connection(), nick("kim"), lounge, null);
    lee.inbox().take();
    kim.inbox().take();

    Announcement entry = new Announcement(Announcement.Kind.ENTRY, nick("lee"), null);
    assertRefused(Reason.BANNED, () -> rooms.move(lee.connection(), nick("lee"), patio, entry));

    assertThat(lee.connection().rooms()).as("still in the lounge").containsExactly(lounge);
    rooms.say(lee.connection(), nick("lee"), lounge, new MessageText("still here"), null);
    assertThat(kim.inbox().kinds()).as("the lounge heard no leave, only the message").containsExactly(Kind.CHAT_POSTED);
  }

  @Test
  void aModeratorKicksEveryTabOfANameInAnOpenRoomWithoutBeingInIt() {
    Client moderator = signedIn("mod-1", "mod", true);
    RoomKey lounge = new RoomKey("lounge");
    Client tab1 = connect();
    Client tab2 = connect();
    Client park = connect();
    rooms.enter(tab1.connection(), nick("lee"), lounge, null);
    rooms.enter(tab2.connection(), nick("lee"), lounge, null);
    rooms.enter(park.connection(), nick("park"), lounge, null);
    park.inbox().take();

    kick(moderator, "mod", lounge, "lee");

    assertThat(park.inbox().kinds()).containsExactly(Kind.MEMBER_KICKED, Kind.MEMBER_KICKED);
    assertThat(tab1.connection().rooms()).isEmpty();
    assertThat(tab2.connection().rooms()).isEmpty();
    assertThat(rooms.status().registry().memberships()).isEqualTo(1);
  }

  @Test
  void aModeratorKicksInAnyRoomWithoutBeingInIt() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    owner.inbox().take();
    Client moderator = signedIn("mod-1", "mod", true);

    boolean heard = kick(moderator, "mod", room, "lee");

    assertThat(owner.inbox().take())
        .singleElement()
        .satisfies(d -> assertThat(((MemberKicked) d.event()).by()).isEqualTo(nick("mod")));
    assertThat(heard).as("not in the room: its endpoint answers it").isFalse();
    assertThat(moderator.inbox().take()).isEmpty();
    assertRefused(Reason.BANNED, () -> rooms.join(lee.connection(), nick("lee"), room, null));
  }

  @Test
  void aModeratorHearsItsKickThroughItsSeatUnlessItWasRemovedFromTheRoomFirst() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client moderator = signedIn("mod-1", "mod", true);
    join(moderator, "mod", room);
    for (String name : List.of("lee", "park")) {
      join(connect(), name, room);
    }
    moderator.inbox().take();

    assertThat(kick(moderator, "mod", room, "lee")).as("in the room: the kick reached it").isTrue();
    assertThat(moderator.inbox().take())
        .singleElement()
        .satisfies(d -> assertThat(d.toOrigin()).isTrue());

    kick(owner, "kim", room, "mod"); // lands before the moderator's next kick
    moderator.inbox().take();
    assertThat(kick(moderator, "mod", room, "park")).as("removed first: nobody in the room answers it").isFalse();
    assertThat(moderator.inbox().take()).isEmpty();
  }

  @Test
  void aMemberWhoIsNotTheOwnerMayNotKick() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    Client park = connect();
    join(park, "park", room);
    Client signedInNobody = signedIn("user-3", "ahn", false);

    assertRefused(Reason.NOT_OWNER, () -> kick(lee, "lee", room, "park"));
    assertRefused(Reason.NOT_OWNER, () -> kick(signedInNobody, "ahn", room, "park"));
    RoomKey lounge = new RoomKey("lounge");
    rooms.enter(park.connection(), nick("park"), lounge, null);
    assertRefused(Reason.NOT_OWNER, () -> kick(lee, "lee", lounge, "park"));
    assertThat(rooms.rooms()).singleElement().satisfies(summary -> assertThat(summary.members()).isEqualTo(3));
  }

  @Test
  void nobodyKicksThemselvesAndTheOwnerIsNotKicked() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client moderator = signedIn("mod-1", "mod", true);
    join(moderator, "mod", room);

    assertRefused(Reason.KICK_SELF, () -> kick(owner, "kim", room, "KIM"));
    assertRefused(Reason.KICK_SELF, () -> kick(moderator, "mod", room, "mod"));
    assertRefused(Reason.KICK_OWNER, () -> kick(moderator, "mod", room, "kim"));
    assertThat(rooms.rooms()).singleElement().satisfies(summary -> assertThat(summary.members()).isEqualTo(2));
  }

  @Test
  void kickingSomeoneWhoIsNotInTheRoomIsRefused() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    rooms.exit(lee.connection(), nick("lee"), room, null);

    assertRefused(Reason.NO_SUCH_MEMBER, () -> kick(owner, "kim", room, "lee"));
    assertRefused(Reason.NO_SUCH_MEMBER, () -> kick(owner, "kim", room, "ghost"));
    assertRefused(Reason.NO_SUCH_ROOM, () -> kick(owner, "kim", new RoomId(room.value() + 1), "lee"));
    join(lee, "lee", room); // not banned: it was never kicked
  }

  @Test
  void aModeratorDeletesAnyRoomAndOthersStillMayNot() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    owner.inbox().take();

    assertRefused(Reason.NOT_OWNER, () -> rooms.delete(lee.connection(), nick("lee"), room, null));
    Client moderator = signedIn("mod-1", "mod", true);
    assertThat(rooms.delete(moderator.connection(), nick("mod"), room, "\"d\"")).as("deleted from outside").isFalse();

    assertThat(owner.inbox().take())
        .singleElement()
        .satisfies(
            d -> {
              RoomEvent.RoomDeleted deleted = (RoomEvent.RoomDeleted) d.event();
              assertThat(deleted.owner()).isEqualTo(nick("kim"));
              assertThat(deleted.ownerLeft()).isFalse();
            });
    assertThat(rooms.rooms()).isEmpty();
    assertThat(owner.connection().rooms()).isEmpty();
    assertThat(lee.connection().rooms()).isEmpty();
  }

  @Test
  void aResumeAfterTheSessionWasKickedReplaysTheKickAndNothingAfterIt() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    long joined = join(lee, "lee", room);
    String token = lee.inbox().session();
    rooms.lost(lee.connection(), lee.inbox());
    rooms.say(owner.connection(), nick("kim"), room, new MessageText("before"), null);
    kick(owner, "kim", room, "lee");
    rooms.say(owner.connection(), nick("kim"), room, new MessageText("after"), null);

    Client fresh = connect();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Connection back = rooms.resume(fresh.connection(), token, List.of(new SessionResume.Mark(room, joined)), got::set);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
    List<RecordingRecipient.Delivery> replayed = fresh.inbox().take();
    assertThat(replayed).extracting(d -> d.event().kind()).containsExactly(Kind.CHAT_POSTED, Kind.MEMBER_KICKED);
    assertThat(replayed).extracting(d -> d.event().seq()).containsExactly(joined + 1, joined + 2);
    assertThat(((ChatPosted) replayed.get(0).event()).text().value()).isEqualTo("before");
    assertThat(back.rooms()).isEmpty();
    assertRefused(Reason.BANNED, () -> rooms.join(back, nick("lee"), room, null));
  }

  @Test
  void aKickThatWentToTheLostConnectionIsReplayedWithWhatCameBeforeItBesideALiveRoom() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client other = connect();
    RoomId second = create(other, "ahn");
    Client lee = connect();
    long joined = join(lee, "lee", room);
    long joinedSecond = join(lee, "lee", second);
    String token = lee.inbox().session();
    rooms.say(owner.connection(), nick("kim"), room, new MessageText("last warning"), null);
    kick(owner, "kim", room, "lee"); // delivered to the transport, lost with it
    rooms.say(owner.connection(), nick("kim"), room, new MessageText("after"), null);
    rooms.lost(lee.connection(), lee.inbox());

    Client fresh = connect();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Connection back =
        rooms.resume(
            fresh.connection(),
            token,
            List.of(new SessionResume.Mark(room, joined), new SessionResume.Mark(second, joinedSecond)),
            got::set);

    assertThat(got.get().rooms())
        .containsExactly(new SessionResume.Outcome(room, null), new SessionResume.Outcome(second, null));
    List<RecordingRecipient.Delivery> replayed = fresh.inbox().take();
    assertThat(replayed).extracting(d -> d.event().kind()).containsExactly(Kind.CHAT_POSTED, Kind.MEMBER_KICKED);
    assertThat(replayed).extracting(d -> d.event().seq()).containsExactly(joined + 1, joined + 2);
    assertThat(back.rooms()).containsExactly(second);
    assertRefused(Reason.BANNED, () -> rooms.join(back, nick("lee"), room, null));
  }

  @Test
  void aSessionKickedFromItsOnlyRoomJustBeforeItsDropWasNoticedIsSuspendedAndHearsOfItsKick() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    long joined = join(lee, "lee", room);
    String token = lee.inbox().session();
    kick(owner, "kim", room, "lee"); // delivered to the transport, lost with it
    rooms.lost(lee.connection(), lee.inbox());
    assertThat(rooms.status().suspended()).as("its kick may not have reached its client").isOne();

    Client fresh = connect();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Connection back = rooms.resume(fresh.connection(), token, List.of(new SessionResume.Mark(room, joined)), got::set);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
    assertThat(fresh.inbox().take())
        .singleElement()
        .satisfies(
            d -> {
              MemberKicked kicked = (MemberKicked) d.event();
              assertThat(kicked.seq()).isEqualTo(joined + 1);
              assertThat(kicked.by()).isEqualTo(nick("kim"));
            });
    assertThat(back.isOpen()).as("the session goes on in no room").isTrue();
    assertThat(back.rooms()).isEmpty();
  }

  @Test
  void aKickThatReachedTheClientBeforeItsDropIsNotReplayedAgain() {
    Client owner = connect();
    RoomId room = create(owner, "kim");
    Client lee = connect();
    join(lee, "lee", room);
    String token = lee.inbox().session();
    kick(owner, "kim", room, "lee");
    long kickedAt = lee.inbox().take().get(0).event().seq();
    rooms.lost(lee.connection(), lee.inbox());

    Client fresh = connect();
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    rooms.resume(fresh.connection(), token, List.of(new SessionResume.Mark(room, kickedAt)), got::set);

    assertThat(got.get().rooms()).containsExactly(new SessionResume.Outcome(room, null));
    assertThat(fresh.inbox().take()).isEmpty();
  }
}
