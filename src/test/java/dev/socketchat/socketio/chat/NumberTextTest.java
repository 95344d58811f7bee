package dev.socketchat.socketio.chat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers written as JavaScript's String() writes them (what `node -e 'console.log(String(N))'` prints). */
class NumberTextTest {
  @ParameterizedTest
  @CsvSource({
    "1000, 1000",
    "1e3, 1000",
    "1000.0, 1000",
    "0.1e4, 1000",
    "100e-2, 1",
    "123456789e1, 1234567890",
    "-7.50, -7.5",
    "0.5, 0.5",
    "-0, 0",
    "0.000001, 0.000001",
    "1e-7, 1e-7",
    "1.5e-7, 1.5e-7",
    "1e21, 1e+21",
    "123e20, 1.23e+22",
    "99999999999999999999, 100000000000000000000",
    "1e400, Infinity",
    "-1e400, -Infinity",
  })
  void aNumberIsWrittenAsJavaScriptWritesIt(String json, String text) {
    assertThat(NumberText.of(number(json))).isEqualTo(text);
  }

  private static JsonNumber number(String json) {
    try (var reader = Json.createReader(new StringReader("[" + json + "]"))) {
      return reader.readArray().getJsonNumber(0);
    }
  }
}
