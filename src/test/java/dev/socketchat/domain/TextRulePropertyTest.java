package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.HostileFrames;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the text rules ({@link Nickname}, {@link RoomName}, {@link MessageText}) under generated text: any
 * text is accepted or refused with the field's reason, never anything else; what is accepted holds nothing invisible,
 * broken or controlling; and a nickname's look-alikes are the same name or refused.
 */
class TextRulePropertyTest {
  /** Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), written out to check against. */
  private static final int[][] DEFAULT_IGNORABLE = {
    {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
  };
  /** Characters that draw nothing or change nothing a reader sees, to hide inside a name. */
  private static final String[] HIDDEN = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u202e", "\u2066", "\u061c",
    "\u115f", "\u3164", "\ufe0f", "\udb40\udc20", "\u2028", "\u2029", "\u0000", "\u0085", "\u001f", "\u2800",
  };
  private static final int DOTLESS_I = 0x0131;
  /** Unicode white space that may stand around a name. */
  private static final String[] SPACES = {
    " ", "\u00a0", "\u1680", "\u2000", "\u2003", "\u2007", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000",
  };

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)),
        Tuple.of(2, Arbitraries.randomValue(random -> HostileFrames.text(random, 8))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)));
  }

  @Property
  void anyTextIsANicknameOrRefusedAsABadUserName(@ForAll("anyText") String text) {
    assertAcceptedOrRefused(text, Nickname::new, Nickname::value, Reason.BAD_USER_NAME, Nickname.MAX_CODE_POINTS, true);
  }

  @Property
  void anyTextIsARoomNameOrRefusedAsABadRoomName(@ForAll("anyText") String text) {
    assertAcceptedOrRefused(text, RoomName::new, RoomName::value, Reason.BAD_ROOM_NAME, RoomName.MAX_CODE_POINTS, true);
  }

  @Property
  void anyTextIsAMessageOrRefusedAsABadMessage(@ForAll("anyText") String text) {
    assertAcceptedOrRefused(
        text, MessageText::new, MessageText::value, Reason.BAD_MESSAGE, MessageText.MAX_CODE_POINTS, false);
  }

  @Property
  void aNicknameIsAcceptedAgainAsItIs(@ForAll("names") String text) {
    Nickname name = new Nickname(text);
    assertThat(new Nickname(name.value())).isEqualTo(name);
    assertThat(new Nickname(name.value()).key()).isEqualTo(name.key());
  }

  /** Names people pick: letters of several scripts, digits, inner spaces and punctuation. */
  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars("가나다민수éüßẞıİσςΣ _-.")
        .ofMinLength(1)
        .ofMaxLength(Nickname.MAX_CODE_POINTS)
        .filter(name -> !name.isBlank());
  }

  @Property
  void aNicknamesLookAlikesAreTheSameNameOrRefused(
      @ForAll("names") String text, @ForAll("lookAlikes") Function<String, String> disguise) {
    Nickname name = new Nickname(text);
    String lookAlike = disguise.apply(text);
    Nickname other;
    try {
      other = new Nickname(lookAlike);
    } catch (Refusal refused) {
      assertThat(refused.reason()).isEqualTo(Reason.BAD_USER_NAME);
      return;
    }
    assertThat(other.key()).as("key of %s beside %s", escaped(lookAlike), escaped(text)).isEqualTo(name.key());
  }

  /** Ways to write a name so that it looks the same, or nearly so. */
  @Provide
  Arbitrary<Function<String, String>> lookAlikes() {
    Arbitrary<Function<String, String>> hidden =
        Combinators.combine(Arbitraries.of(HIDDEN), Arbitraries.integers().between(0, 100))
            .as((c, at) -> text -> insert(text, c, at));
    Arbitrary<Function<String, String>> spaced =
        Combinators.combine(Arbitraries.of(SPACES), Arbitraries.of(SPACES), Arbitraries.of(SPACES))
            .as((before, inner, after) -> text -> before + text.replace(" ", inner) + after);
    Arbitrary<Function<String, String>> cased =
        Arbitraries.of(
            TextRulePropertyTest::upperCase,
            text -> text.toLowerCase(Locale.ROOT),
            TextRulePropertyTest::alternateCase);
    Arbitrary<Function<String, String>> compatible =
        Arbitraries.of(
            TextRulePropertyTest::fullWidth,
            text -> Normalizer.normalize(text, Normalizer.Form.NFD),
            text -> Normalizer.normalize(text, Normalizer.Form.NFKD),
            text -> text.replace("fi", "\ufb01").replace("s", "\u017f").replace("K", "\u212a"));
    return Arbitraries.oneOf(hidden, spaced, cased, compatible);
  }

  private static <T> void assertAcceptedOrRefused(
      String text, Function<String, T> make, Function<T, String> value, Reason reason, int max, boolean oneLine) {
    String accepted;
    try {
      accepted = value.apply(make.apply(text));
    } catch (Refusal refused) {
      assertThat(refused.reason()).isEqualTo(reason);
      assertThat(refused.detail()).isNotBlank();
      return;
    }
    String normal = Normalizer.normalize(accepted, Normalizer.Form.NFC);
    assertThat(normal.codePointCount(0, normal.length())).isBetween(1, max);
    if (oneLine) {
      assertThat(accepted).as("a name is kept in NFC").isEqualTo(normal);
    } else {
      assertThat(accepted).as("a message is kept as sent").isEqualTo(text);
    }
    assertThat(accepted.isBlank()).isFalse();
    for (int i = 0; i < accepted.length(); ) {
      int c = accepted.codePointAt(i);
      String where = "U+%04X in %s".formatted(c, escaped(accepted));
      assertThat(Character.isSurrogate((char) c) && c < 0x10000).as("unpaired surrogate " + where).isFalse();
      int type = Character.getType(c);
      if (oneLine) {
        assertThat(type).as(where).isNotIn((int) Character.CONTROL, (int) Character.FORMAT,
            (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
        assertThat(defaultIgnorable(c)).as("default-ignorable " + where).isFalse();
      } else {
        assertThat(type == Character.CONTROL && c != '\n' && c != '\r' && c != '\t').as("control " + where).isFalse();
      }
      i += Character.charCount(c);
    }
    if (oneLine) {
      assertThat(TextRule.trim(accepted)).as("trimmed of every kind of space").isEqualTo(accepted);
    }
  }

  private static boolean defaultIgnorable(int codePoint) {
    for (int[] range : DEFAULT_IGNORABLE) {
      if (codePoint >= range[0] && codePoint <= range[1]) {
        return true;
      }
    }
    return false;
  }

  private static String insert(String text, String hidden, int at) {
    int offset = text.offsetByCodePoints(0, at % (text.codePointCount(0, text.length()) + 1));
    return text.substring(0, offset) + hidden + text.substring(offset);
  }

  /** Upper-cased but for the dotless ı, whose capital (I) case-folds to another letter (i). */
  private static String upperCase(String text) {
    String dotless = Character.toString(DOTLESS_I);
    return String.join(
        dotless, Arrays.stream(text.split(dotless, -1)).map(part -> part.toUpperCase(Locale.ROOT)).toList());
  }

  private static String alternateCase(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(c -> out.appendCodePoint(out.length() % 2 == 0 && c != DOTLESS_I ? Character.toUpperCase(c) : c));
    return out.toString();
  }

  /** ASCII letters and digits as their full-width forms (U+FF01 to U+FF5E). */
  private static String fullWidth(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(c > 0x20 && c < 0x7f ? (char) (c + 0xFEE0) : (char) c));
    return out.toString();
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "\\u%04x".formatted(c)));
    return out.toString();
  }
}
