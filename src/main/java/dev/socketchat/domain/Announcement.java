package dev.socketchat.domain;

import java.util.Objects;

/**
 * What a member of an open room has its room told: its first entry, its leaving, or the site's word that someone was
 * sent out. The words themselves are the transport's to choose; this says what happened, to whom, and the head count
 * the page gave, if it gave one.
 *
 * @param kind what happened
 * @param subject whom it is about: the announcer itself for an entry or a leaving, the one sent out for a removal
 * @param siteCount the member count the page reported (the site's own figure), or null to count the members connected
 */
public record Announcement(Kind kind, Nickname subject, Integer siteCount) {

  /** Entering for the first time, leaving, or being sent out by the site. */
  public enum Kind {
    ENTRY,
    LEAVE,
    REMOVAL
  }

  public Announcement {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    if (siteCount != null && siteCount < 0) {
      throw new IllegalArgumentException("a head count is never negative: " + siteCount);
    }
  }
}
