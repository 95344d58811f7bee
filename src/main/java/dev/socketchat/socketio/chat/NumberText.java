package dev.socketchat.socketio.chat;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** A JSON number as JavaScript's {@code String()} writes it, the text a Node server makes of a number it is sent. */
final class NumberText {
  private NumberText() {}

  /**
   * The number's text: {@code 1e3}, {@code 1000.0} and {@code 0.1e4} are {@code "1000"}, {@code 100e-2} is {@code
   * "1"}, {@code 0.5} stays {@code "0.5"}, {@code 1e-7} is {@code "1e-7"}, {@code 1e21} is {@code "1e+21"}, and one
   * past the doubles is {@code "Infinity"} (JavaScript reads every number as a double first).
   */
  static String of(JsonNumber number) {
    double value = number.bigDecimalValue().doubleValue();
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return "0"; // -0 too
    }
    BigDecimal shortest = shortest(value);
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-6 && magnitude < 1e21) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "") + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
  }

  /**
   * The fewest decimal digits that read back as the double, the nearest such when several do, as JavaScript picks
   * them (Java 17's {@code Double.toString} sometimes gives more: {@code 1.2300000000000001E22} for 1.23e22).
   */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == value) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
