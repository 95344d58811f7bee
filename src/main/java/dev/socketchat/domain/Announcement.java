package dev.socketchat.domain;

import java.util.Objects;

/** What a member of an open room announces: an entry (with the client's entry type) or an exit, and a short note. */
public record Announcement(Kind kind, int entryType, String note) {
  /** The longest note an announcement carries, in code points; longer ones are cut. */
  public static final int MAX_NOTE_CODE_POINTS = 128;

  /** Entering or leaving. */
  public enum Kind {
    ENTRY,
    EXIT
  }

  public Announcement {
    Objects.requireNonNull(kind, "kind");
    note = note == null ? "" : clip(note);
  }

  private static String clip(String note) {
    if (note.codePointCount(0, note.length()) <= MAX_NOTE_CODE_POINTS) {
      return note;
    }
    return note.substring(0, note.offsetByCodePoints(0, MAX_NOTE_CODE_POINTS));
  }
}
