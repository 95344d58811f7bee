package dev.socketchat.bench;

/** The markers chat messages carry so receivers can tell what each one measures, read without making strings. */
final class Markers {
  private Markers() {}

  /** Writes {@code ~K<a>.<b>.} followed by 'x' up to {@code size} bytes into {@code out}; returns the length. */
  static int write(byte[] out, char kind, long a, long b, int size) {
    int at = 0;
    out[at++] = '~';
    out[at++] = (byte) kind;
    at = digits(out, at, a);
    out[at++] = '.';
    at = digits(out, at, b);
    out[at++] = '.';
    while (at < size) {
      out[at++] = 'x';
    }
    return at;
  }

  /** Reads the {@code n}-th number (0 or 1) after the marker at {@code marker}; -1 when malformed. */
  static long read(byte[] bytes, int marker, int end, int n) {
    int at = marker + 2;
    for (int skip = 0; skip < n; skip++) {
      while (at < end && bytes[at] != '.') {
        at++;
      }
      at++;
    }
    long value = 0;
    int start = at;
    while (at < end && bytes[at] >= '0' && bytes[at] <= '9') {
      value = value * 10 + (bytes[at++] - '0');
    }
    return at == start ? -1 : value;
  }

  private static int digits(byte[] out, int at, long value) {
    String text = Long.toString(value);
    for (int i = 0; i < text.length(); i++) {
      out[at++] = (byte) text.charAt(i);
    }
    return at;
  }
}
