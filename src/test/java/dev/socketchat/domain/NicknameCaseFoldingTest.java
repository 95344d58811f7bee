package dev.socketchat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Two nicknames are the same name exactly when NFKC normalisation and Unicode's full case folding make them equal
 * (PROTOCOL.md), checked against ICU's implementation of both for every character the JDK knows and for generated
 * names.
 */
class NicknameCaseFoldingTest {
  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

  @Test
  void aDotlessIIsAnotherLetterThanIButTheCapitalSharpSIsTheSameAsSs() {
    assertThat(new Nickname("alıce").key()).isNotEqualTo(new Nickname("alice").key());
    assertThat(new Nickname("ı").key()).isNotEqualTo(new Nickname("I").key());
    assertThat(new Nickname("ALİCE").key()).isNotEqualTo(new Nickname("alice").key());
    assertThat(new Nickname("STRAẞE").key()).isEqualTo(new Nickname("straße").key()).isEqualTo("strasse");
    assertThat(new Nickname("ΟΔΟΣ").key()).isEqualTo(new Nickname("οδος").key()).isEqualTo(new Nickname("οδοσ").key());
  }

  @Test
  void everyCharacterIsTheSameNameAsExactlyTheCharactersUnicodeFoldsAlike() {
    Map<String, String> unicodeByOurs = new HashMap<>();
    Map<String, String> oursByUnicode = new HashMap<>();
    int names = 0;
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      if (!Character.isDefined(c) || Character.getType(c) == Character.SURROGATE) {
        continue;
      }
      String text = Character.toString(c);
      Nickname name;
      try {
        name = new Nickname(text);
      } catch (Refusal refused) {
        continue; // not a name (invisible, a control, a lone mark...)
      }
      String ours = name.key();
      String unicode = unicodeKey(text);
      String where = "U+%04X".formatted(c);
      assertThat(unicodeByOurs.computeIfAbsent(ours, key -> unicode)).as(where).isEqualTo(unicode);
      assertThat(oursByUnicode.computeIfAbsent(unicode, key -> ours)).as(where).isEqualTo(ours);
      names++;
    }
    assertThat(names).as("characters that are names").isGreaterThan(100_000);
  }

  /** Short names from letters whose cases fold in unusual ways, so that pairs fold alike often. */
  @Provide
  Arbitrary<String> trickyNames() {
    return Arbitraries.strings()
        .withChars("iIıİsSſßẞσςΣkKKfﬁΐΪ\u0301\u0308ǅǄǆΩΩµμ")
        .ofMinLength(1)
        .ofMaxLength(4);
  }

  @Property(tries = 3_000)
  void twoNamesAreTheSameNameExactlyWhenUnicodeFoldsThemAlike(
      @ForAll("trickyNames") String one, @ForAll("trickyNames") String other) {
    Nickname first;
    Nickname second;
    try {
      first = new Nickname(one);
      second = new Nickname(other);
    } catch (Refusal refused) {
      return; // a lone combining mark is no name
    }
    assertThat(first.key().equals(second.key()))
        .as("%s beside %s", one, other)
        .isEqualTo(unicodeKey(one).equals(unicodeKey(other)));
  }

  /**
   * NFKC, then Unicode's full case folding, then NFKC again, by ICU; then each run of Unicode white space one space,
   * none at either end (what NFKC makes of a lone iota subscript, say, begins with a space).
   */
  private static String unicodeKey(String text) {
    String folded = NFKC.normalize(UCharacter.foldCase(NFKC.normalize(text), true));
    StringBuilder key = new StringBuilder();
    folded.codePoints().forEach(c -> key.appendCodePoint(UCharacter.isUWhiteSpace(c) ? ' ' : c));
    return key.toString().replaceAll(" +", " ").strip();
  }
}
