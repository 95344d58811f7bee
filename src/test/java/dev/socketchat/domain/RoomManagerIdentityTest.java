package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signed-in connections: they speak as their token's name, guests cannot take it, and only they resume a session. */
class RoomManagerIdentityTest {
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

  private Client signedIn(String subject, String name) {
    Client client = connect();
    rooms.identify(client.connection(), new Identity(subject, nick(name), false));
    return client;
  }

  private static Nickname nick(String name) {
    return new Nickname(name);
  }

  private RoomId create(Client owner, String name) {
    rooms.create(owner.connection(), nick(name), new RoomName("room of " + name), null);
    return (RoomId) owner.inbox().take().get(0).event().room();
  }

  private static void assertRefused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  @Test
  void aSignedInConnectionSpeaksAsItsTokensNameAndNoOther() {
    Client kim = signedIn("u-1", "kim");

    assertThat(kim.connection().name()).isEqualTo(nick("kim"));
    assertRefused(
        Reason.USER_MISMATCH,
        () -> rooms.create(kim.connection(), nick("admin"), new RoomName("fake"), null));
    assertThat(create(kim, "kim")).isNotNull();
  }

  @Test
  void aSignedInConnectionCannotSetAnotherNameEvenInNoRoom() {
    Client kim = signedIn("u-1", "kim");

    assertRefused(Reason.USER_MISMATCH, () -> rooms.rename(kim.connection(), nick("admin")));
    rooms.rename(kim.connection(), nick("kim"));
    assertThat(kim.connection().name()).isEqualTo(nick("kim"));
  }

  @Test
  void aGuestCannotTakeTheNameOfASignedInUserInAnyCaseOrWidth() {
    Client kim = signedIn("u-1", "kim");
    RoomId room = create(kim, "kim");
    Client guest = connect();

    assertRefused(Reason.NAME_RESERVED, () -> rooms.join(guest.connection(), nick("KIM"), room, null));
    assertRefused(
        Reason.NAME_RESERVED, () -> rooms.create(guest.connection(), nick("ｋｉｍ"), new RoomName("elsewhere"), null));
    assertRefused(Reason.NAME_RESERVED, () -> rooms.rename(guest.connection(), nick("Kim")));
    assertRefused(
        Reason.NAME_RESERVED, () -> rooms.enter(guest.connection(), nick("kim"), new RoomKey("open"), null));

    rooms.join(guest.connection(), nick("lee"), room, null);
    assertThat(guest.inbox().take()).isNotEmpty();
  }

  @Test
  void aGuestThatHadTheNameFirstCannotSpeakUnderItOnceItsUserSignsIn() {
    Client guest = connect();
    RoomId room = create(guest, "kim");

    signedIn("u-1", "kim");

    assertRefused(
        Reason.NAME_RESERVED, () -> rooms.say(guest.connection(), nick("kim"), room, new MessageText("hi"), null));
    assertRefused(Reason.NAME_RESERVED, () -> rooms.rejoin(guest.connection(), nick("kim")));
    rooms.exit(guest.connection(), nick("kim"), room, null); // leaving is never refused
  }

  @Test
  void aGuestThatHadTheNameFirstCannotRemoveMembersUnderItOnceItsUserSignsIn() {
    Client guest = connect();
    RoomId room = create(guest, "kim");
    Client lee = connect();
    rooms.join(lee.connection(), nick("lee"), room, null);

    signedIn("u-1", "kim");

    // the kick would tell the room it was "by" kim, the signed-in user
    assertRefused(
        Reason.NAME_RESERVED, () -> rooms.kick(guest.connection(), nick("kim"), room, nick("lee"), null, null));
    assertThat(lee.connection().rooms()).containsExactly(room);
  }

  @Test
  void aGuestThatHadTheNameFirstCannotAnnounceAnEntryUnderItOnceItsUserSignsIn() {
    Client guest = connect();
    RoomKey room = new RoomKey("open");
    rooms.enter(guest.connection(), nick("jin"), room, null);

    signedIn("u-1", "jin");

    assertRefused(
        Reason.NAME_RESERVED,
        () ->
            rooms.announce(
                guest.connection(),
                nick("jin"),
                room,
                new Announcement(Announcement.Kind.ENTRY, nick("jin"), null),
                null));
    // leaving is never refused, nor is telling the room so
    rooms.announce(
        guest.connection(), nick("jin"), room, new Announcement(Announcement.Kind.LEAVE, nick("jin"), null), null);
    rooms.exit(guest.connection(), nick("jin"), room, null);
  }

  @Test
  void theNameIsFreeForGuestsAgainOnceItsUserIsGone() {
    Client kim = signedIn("u-1", "kim");
    rooms.disconnect(kim.connection());
    Client guest = connect();

    create(guest, "kim");

    assertThat(rooms.rooms()).singleElement().satisfies(room -> assertThat(room.owner()).isEqualTo(nick("kim")));
  }

  @Test
  void anotherSignedInUserMayUseTheSameNameWhereNobodyHasIt() {
    signedIn("u-1", "kim");
    Client other = signedIn("u-2", "kim");

    create(other, "kim");

    assertThat(rooms.rooms()).hasSize(1);
  }

  @Test
  void aFreshTokenExtendsTheSignInButCannotChangeTheUserOfAConnectionInARoom() {
    Client kim = signedIn("u-1", "kim");
    create(kim, "kim");

    rooms.identify(kim.connection(), new Identity("u-1", nick("kim"), true));
    assertThat(kim.connection().identity().moderator()).isTrue();
    assertRefused(
        Reason.USER_MISMATCH, () -> rooms.identify(kim.connection(), new Identity("u-2", nick("kim"), false)));
    assertRefused(
        Reason.USER_MISMATCH, () -> rooms.identify(kim.connection(), new Identity("u-1", nick("kimmy"), false)));
  }

  @Test
  void aGuestInARoomSignsInOnlyOnceItLeftSoThatAKickBansItsUserNotJustTheName() {
    Client owner = connect();
    RoomId room = create(owner, "owner");
    Client ben = connect();
    rooms.join(ben.connection(), nick("ben"), room, null);

    assertRefused(
        Reason.USER_MISMATCH, () -> rooms.identify(ben.connection(), new Identity("u-ben", nick("ben"), false)));
    assertThat(ben.connection().identity()).isNull();

    rooms.exit(ben.connection(), nick("ben"), room, null);
    rooms.identify(ben.connection(), new Identity("u-ben", nick("ben"), false));
    rooms.join(ben.connection(), nick("ben"), room, null);
    rooms.kick(owner.connection(), nick("owner"), room, nick("ben"), null, null);
    assertRefused(
        Reason.BANNED, () -> rooms.join(signedIn("u-ben", "ben2").connection(), nick("ben2"), room, null));
  }

  @Test
  void aSignedInSessionIsResumedOnlyByItsOwnUser() {
    Client kim = signedIn("u-1", "kim");
    RoomId room = create(kim, "kim");
    String token = kim.inbox().session();
    rooms.lost(kim.connection(), kim.inbox());

    assertRefused(
        Reason.USER_MISMATCH,
        () -> rooms.resume(connect().connection(), token, List.of(new SessionResume.Mark(room, 0)), result -> {}));
    assertRefused(
        Reason.USER_MISMATCH,
        () ->
            rooms.resume(
                signedIn("u-2", "kim").connection(), token, List.of(new SessionResume.Mark(room, 0)), result -> {}));
    AtomicReference<SessionResume.Result> got = new AtomicReference<>();
    Connection resumed =
        rooms.resume(signedIn("u-1", "kim").connection(), token, List.of(new SessionResume.Mark(room, 0)), got::set);

    assertThat(resumed).isSameAs(kim.connection());
    assertThat(got.get().name()).isEqualTo(nick("kim"));
  }

  @Test
  void aGuestSessionIsNotResumedBySignedInConnection() {
    Client guest = connect();
    RoomId room = create(guest, "lee");
    String token = guest.inbox().session();
    rooms.lost(guest.connection(), guest.inbox());

    assertRefused(
        Reason.USER_MISMATCH,
        () ->
            rooms.resume(
                signedIn("u-9", "lee").connection(), token, List.of(new SessionResume.Mark(room, 0)), result -> {}));
  }
}
