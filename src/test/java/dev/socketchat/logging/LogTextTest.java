package dev.socketchat.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void plainTextIsQuotedAsItIsKoreanAndEmojiIncluded() {
    assertThat(LogText.quoted("user-42 민수 🍊")).isEqualTo("\"user-42 민수 🍊\"");
  }

  @Test
  void lineBreaksCannotStartAForgedLogLine() {
    assertThat(LogText.quoted("m9)\n2026-12-07 04:40:00 INFO FORGED\r"))
        .isEqualTo("\"m9)\\u000a2026-12-07 04:40:00 INFO FORGED\\u000d\"")
        .doesNotContain("\n", "\r");
  }

  @Test
  void controlFormatAndSeparatorCharactersAndLoneSurrogatesAreEscaped() {
    assertThat(LogText.quoted("a\u0000b\u202ec\u2028d\u2029e\ud800f\udc00"))
        .isEqualTo("\"a\\u0000b\\u202ec\\u2028d\\u2029e\\ud800f\\udc00\"");
  }

  @Test
  void formatCharactersBeyondTheBasicPlaneAreEscapedToo() {
    assertThat(LogText.quoted("x\udb40\udc41y")).isEqualTo("\"x\\udb40\\udc41y\"");
  }

  @Test
  void noTextIsTheEmptyOneAsTomcatGivesACloseWithoutAReason() {
    assertThat(LogText.quoted(null)).isEqualTo("\"\"");
  }

  @Test
  void aLongTextIsCutWithAnEllipsisNeverBetweenTheHalvesOfAPair() {
    assertThat(LogText.quoted("abcdef", 3)).isEqualTo("\"abc…\"");
    assertThat(LogText.quoted("ab😀cd", 3)).as("the pair's high half would be the third").isEqualTo("\"ab…\"");
    assertThat(LogText.quoted("abc", 3)).isEqualTo("\"abc\"");
  }

  @Test
  void quotesAndBackslashesAreEscapedSoTheQuotedTextEndsWhereItSeemsTo() {
    assertThat(LogText.quoted("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
  }
}
