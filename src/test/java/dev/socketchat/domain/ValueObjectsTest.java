package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueObjectsTest {

  @Test
  void aNicknameOfTenHangulSyllablesIsValidButElevenCharactersAreNot() {
    assertThat(new Nickname("가나다라마바사아자차").value()).hasSize(10);
    assertThatThrownBy(() -> new Nickname("가나다라마바사아자차카"))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_USER_NAME))
        .hasMessageContaining("1 to 10");
  }

  @Test
  void lengthsCountCodePointsNotUtf16Units() {
    String tenEmoji = "😀".repeat(10);
    assertThat(tenEmoji.length()).isEqualTo(20);
    assertThat(new Nickname(tenEmoji).value()).isEqualTo(tenEmoji);
    assertThat(new MessageText("🎉".repeat(128)).value()).isEqualTo("🎉".repeat(128));
    assertThatThrownBy(() -> new MessageText("🎉".repeat(129))).isInstanceOf(Refusal.class);
  }

  @Test
  void decomposedHangulIsNormalizedBeforeItIsCounted() {
    String decomposed = "\u1100\u1161".repeat(10); // 가 ×10 as jamo: 20 code points, 10 syllables after NFC
    assertThat(new Nickname(decomposed).value()).isEqualTo("가".repeat(10));
  }

  @Test
  void aTextThatNormalisesWithinItsLimitIsValidHoweverDecomposedItCame() {
    // U+1F82 is four code points decomposed, the most any character stands for
    String composed = "\u1F82".repeat(MessageText.MAX_CODE_POINTS);
    String decomposed = "\u03B1\u0313\u0300\u0345".repeat(MessageText.MAX_CODE_POINTS);
    assertThat(new MessageText(composed).value()).isEqualTo(composed);
    assertThat(new MessageText(decomposed).value()).as("a message is kept as sent").isEqualTo(decomposed);
    assertThat(new Nickname("\u1100\u1161\u11A8".repeat(Nickname.MAX_CODE_POINTS)).value())
        .isEqualTo("각".repeat(Nickname.MAX_CODE_POINTS));
  }

  @Test
  void aTextLongerThanFourTimesItsLimitIsRefusedByItsLengthAsGiven() {
    // combining marks in reverse canonical order: normalising these would take seconds
    String marks = "a" + "\u0301".repeat(16_000) + "\u0316".repeat(16_000);
    assertThatThrownBy(() -> new MessageText(marks))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_MESSAGE))
        .hasMessageContaining("not 32001");
    assertThatThrownBy(() -> new RoomName(marks))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_ROOM_NAME));
    assertThatThrownBy(() -> new Nickname("\u1100\u1161\u11A8".repeat(13) + "\u0301\u0301"))
        .as("41 code points: one more than four times the limit")
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_USER_NAME))
        .hasMessageContaining("not 41");
  }

  @Test
  void blankAndControlOnlyValuesAreRefused() {
    for (String bad : new String[] {"", "   ", "\u0000", "\t\n", "\u3000"}) {
      assertThatThrownBy(() -> new Nickname(bad)).as("nickname %s", bad).isInstanceOf(Refusal.class);
      assertThatThrownBy(() -> new RoomName(bad)).as("room name %s", bad).isInstanceOf(Refusal.class);
      assertThatThrownBy(() -> new MessageText(bad)).as("message %s", bad).isInstanceOf(Refusal.class);
    }
  }

  @Test
  void aMessageOfNothingButInvisibleCharactersIsRefusedButInvisibleCharactersBetweenVisibleOnesAreKept() {
    for (String invisible :
        new String[] {"\u200B", "\u202E", "\u3164", "\u200D", "\u200B \u2060", "\uDB40\uDC41", "\u2800\u2800"}) {
      assertThatThrownBy(() -> new MessageText(invisible))
          .as("message of U+%04X", invisible.codePointAt(0))
          .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_MESSAGE))
          .hasMessageContaining("empty or blank");
    }
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // man, woman, girl, joined
    assertThat(new MessageText(family).value()).isEqualTo(family);
    assertThat(new MessageText("a\u200Bb").value()).isEqualTo("a\u200Bb");
  }

  @Test
  void aTextOfNothingButCombiningMarksIsRefusedButMarksOnACharacterAreKept() {
    // an acute accent, an enclosing circle, a Devanagari vowel sign, Thai vowels above: each shows on nothing alone
    for (String marks : new String[] {"\u0301", "\u20DD", "\u093E", "\u0E34\u0E35", " \u0301 "}) {
      assertThatThrownBy(() -> new Nickname(marks)).as("name %s", marks).isInstanceOf(Refusal.class);
      assertThatThrownBy(() -> new RoomName(marks)).as("room name %s", marks).isInstanceOf(Refusal.class);
      assertThatThrownBy(() -> new MessageText(marks)).as("message %s", marks).isInstanceOf(Refusal.class);
    }
    assertThat(new Nickname("e\u0301").value()).isEqualTo("\u00E9");
    assertThat(new Nickname("\u0915\u093E").value()).isEqualTo("\u0915\u093E");
    assertThat(new MessageText("\u0E01\u0E34").value()).isEqualTo("\u0E01\u0E34");
  }

  @Test
  void namesMayNotContainControlCharactersButMessagesMayHaveLineBreaks() {
    assertThatThrownBy(() -> new Nickname("a\nb")).isInstanceOf(Refusal.class);
    assertThatThrownBy(() -> new RoomName("room\u0007")).isInstanceOf(Refusal.class);
    assertThat(new MessageText("line one\nline two").value()).isEqualTo("line one\nline two");
    assertThatThrownBy(() -> new MessageText("bell\u0007")).isInstanceOf(Refusal.class);
  }

  @Test
  void namesAreTrimmedSoPaddingCannotImpersonate() {
    assertThat(new Nickname("  bob ")).isEqualTo(new Nickname("bob"));
    assertThat(new RoomName(" 여행 ").value()).isEqualTo("여행");
    assertThat(new MessageText("  spaced  ").value()).isEqualTo("  spaced  ");
  }

  @Test
  void brokenUtf16IsRefused() {
    assertThatThrownBy(() -> new Nickname("a\uD800b"))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.detail()).contains("unpaired surrogate"));
    assertThatThrownBy(() -> new MessageText("\uDC00")).isInstanceOf(Refusal.class);
  }

  @Test
  void missingValuesAreRefusedWithTheFieldName() {
    assertThatThrownBy(() -> new RoomName(null))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_ROOM_NAME))
        .hasMessage("roomName is required");
    assertThatThrownBy(() -> new MessageText(null)).hasMessage("message is required");
  }

  @Test
  void roomNamesAllowThirtyCodePoints() {
    assertThat(new RoomName("방".repeat(30)).value()).hasSize(30);
    assertThatThrownBy(() -> new RoomName("방".repeat(31))).isInstanceOf(Refusal.class);
  }

  @Test
  void roomIdsArePositive() {
    assertThat(new RoomId(1).value()).isEqualTo(1);
    assertThatThrownBy(() -> new RoomId(0))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_ROOM_ID));
    assertThatThrownBy(() -> new RoomId(-7)).isInstanceOf(Refusal.class);
  }

  @Test
  void openRoomKeysAllowSixtyFourCodePoints() {
    assertThat(new RoomKey("k".repeat(64)).value()).hasSize(64);
    assertThatThrownBy(() -> new RoomKey("k".repeat(65)))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_ROOM_KEY));
  }

  @Test
  void anAnnouncementsHeadcountIsThePagesFigureElseTheMembersLeft() {
    Nickname minsu = new Nickname("민수");
    RoomKey room = new RoomKey("42");
    Origin origin = Origin.of(new ConnectionId("n:1"));
    Instant time = Instant.EPOCH;
    assertThat(new RoomEvent.Announced(room, minsu, new Announcement(Announcement.Kind.ENTRY, minsu, null), 3, time, origin)
            .headcount())
        .isEqualTo(3);
    assertThat(new RoomEvent.Announced(room, minsu, new Announcement(Announcement.Kind.LEAVE, minsu, null), 3, time, origin)
            .headcount())
        .as("the one leaving no longer counts")
        .isEqualTo(2);
    assertThat(new RoomEvent.Announced(room, minsu, new Announcement(Announcement.Kind.LEAVE, minsu, 9), 3, time, origin)
            .headcount())
        .isEqualTo(9);
    assertThatThrownBy(() -> new Announcement(Announcement.Kind.ENTRY, minsu, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesRefuseWhatNobodyCanSee() {
    for (String invisible :
        List.of("alice\u200b", "alice\ufeff", "\u202ealice", "alice\u180e", "alice\u034f", "a\u2028b", "\u3164",
            "alice\u00ad", "alice\udb40\udc41", "\u2800", "a\u2800b")) {
      assertThatThrownBy(() -> new Nickname(invisible))
          .as("%s", invisible.codePoints().mapToObj(Integer::toHexString).toList())
          .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_USER_NAME));
    }
    assertThatThrownBy(() -> new RoomName("제주\u200d여행"))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_ROOM_NAME));
    assertThat(new MessageText("👨\u200d👩\u200d👧 family").value()).as("messages keep emoji joiners").contains("\u200d");
  }

  @Test
  void namesAreTrimmedOfEveryKindOfSpaceAndComparedByAFoldedKey() {
    assertThat(new Nickname("\u00a0alice\u3000\u2007").value()).isEqualTo("alice");
    assertThat(new Nickname("ALICE").key()).isEqualTo(new Nickname("alice").key());
    assertThat(new Nickname("ａｌｉｃｅ").key()).isEqualTo("alice");
    assertThat(new Nickname("Straße").key()).isEqualTo(new Nickname("STRASSE").key());
    assertThat(new Nickname("민수").key()).isEqualTo("민수");
    assertThat(new Nickname("a\u1680b").key()).as("the Ogham space mark, which NFKC keeps").isEqualTo("a b");
    assertThat(new Nickname("a \u3000b").key()).as("a run of spaces").isEqualTo("a b");
    assertThat(new Nickname("ALICE").value()).as("shown as typed").isEqualTo("ALICE");
  }
}
