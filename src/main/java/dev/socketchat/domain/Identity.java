package dev.socketchat.domain;

import java.util.Objects;

/**
 * Who a signed-in connection is, as its site's token says: a stable subject, the name it speaks as, and whether it
 * may moderate every room.
 */
public record Identity(String subject, Nickname name, boolean moderator) {
  public Identity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
  }
}
