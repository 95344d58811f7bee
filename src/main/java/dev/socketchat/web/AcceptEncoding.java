package dev.socketchat.web;

import java.util.Locale;

/**
 * RFC 9110 {@code Accept-Encoding} for a resource available as is and gzipped: which of the two a request accepts,
 * honouring {@code q=0} (not acceptable), {@code *} and {@code identity}.
 */
public final class AcceptEncoding {
  /** What to send. */
  public enum Choice {
    GZIP,
    IDENTITY,
    /** Neither is acceptable: answer 406. */
    NONE
  }

  private AcceptEncoding() {}

  /**
   * The coding to send for this header's value (null when absent: identity). Gzip is chosen when its quality is above
   * zero and not below identity's; identity is acceptable unless refused by {@code identity;q=0} or by {@code *;q=0}
   * without an {@code identity} entry.
   */
  public static Choice choose(String acceptEncoding) {
    if (acceptEncoding == null) {
      return Choice.IDENTITY;
    }
    double gzip = -1;
    double identity = -1;
    double any = -1;
    for (String item : acceptEncoding.split(",", -1)) {
      String[] parts = item.split(";");
      String coding = parts[0].strip().toLowerCase(Locale.ROOT);
      if (coding.isEmpty()) {
        continue;
      }
      double quality = quality(parts);
      switch (coding) {
        case "gzip", "x-gzip" -> gzip = Math.max(gzip, quality);
        case "identity" -> identity = Math.max(identity, quality);
        case "*" -> any = Math.max(any, quality);
        default -> {}
      }
    }
    double gzipQuality = gzip >= 0 ? gzip : Math.max(any, 0);
    double identityQuality = identity >= 0 ? identity : any == 0 ? 0 : Math.max(any, 0.001);
    if (gzipQuality > 0 && gzipQuality >= identityQuality) {
      return Choice.GZIP;
    }
    return identityQuality > 0 ? Choice.IDENTITY : Choice.NONE;
  }

  /** The {@code q} parameter of one entry: 1 when absent, 0 when malformed (so a garbled entry accepts nothing). */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')) {
        String value = parameter.substring(1).strip();
        if (!value.startsWith("=")) {
          continue;
        }
        value = value.substring(1).strip();
        if (!value.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
          return 0;
        }
        return Double.parseDouble(value);
      }
    }
    return 1;
  }
}
