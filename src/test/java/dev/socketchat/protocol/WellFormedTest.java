package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class WellFormedTest {

  @Test
  void surrogatesCountOnlyInPairs() {
    assertThat(WellFormed.text("plain 한글 😀")).isTrue();
    assertThat(WellFormed.text("\ud800")).isFalse();
    assertThat(WellFormed.text("a\udc00b")).isFalse();
    assertThat(WellFormed.text("\ude00\ud83d")).as("a pair in the wrong order").isFalse();
    assertThat(WellFormed.text("end\ud83d")).isFalse();
    assertThat(WellFormed.text("")).isTrue();
  }

  @Test
  void everyStringAndNameOfAJsonValueIsChecked() {
    assertThat(WellFormed.json(json("{\"a\":[1,\"x\",{\"b\":\"😀\"}]}"))).isTrue();
    assertThat(WellFormed.json(json("{\"a\":[1,\"x\",{\"b\":\"\\ud800\"}]}"))).isFalse();
    assertThat(WellFormed.json(json("{\"\\udfff\":1}"))).as("a member name").isFalse();
    assertThat(WellFormed.json(json("[\"\\ud83d\\ude00\"]"))).isTrue();
  }

  @Test
  void theDeepestValueTheParserReadsIsWalked() {
    String deep = "[".repeat(999) + "\"\\ud800\"" + "]".repeat(999); // as deep as the JSON parser reads
    assertThat(WellFormed.json(Json.createReader(new StringReader(deep)).readValue())).isFalse();
  }

  @Test
  void clippedTextNeverEndsInHalfAPair() {
    String emoji = "😀";
    assertThat(WellFormed.clip("a".repeat(38) + emoji, 40)).as("fits").isEqualTo("a".repeat(38) + emoji);
    assertThat(WellFormed.clip("a".repeat(39) + emoji + "b", 40)).isEqualTo("a".repeat(39) + "…");
    assertThat(WellFormed.clip("a".repeat(38) + emoji + "b", 40)).isEqualTo("a".repeat(38) + emoji + "…");
  }

  private static jakarta.json.JsonValue json(String text) {
    return Json.createReader(new StringReader(text)).readValue();
  }
}
