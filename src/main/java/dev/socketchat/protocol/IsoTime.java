package dev.socketchat.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The time of a chat event on the wire: ISO-8601 in UTC with three digits of milliseconds, always ({@code
 * Instant.toString()} drops them on a whole second, which a client parsing {@code .SSS} cannot read).
 */
public final class IsoTime {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private IsoTime() {}

  /** The instant as {@code 2026-11-23T06:15:05.000Z}. */
  public static String of(Instant time) {
    return MILLIS.format(time);
  }
}
