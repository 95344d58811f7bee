package dev.socketchat.auth;

import dev.socketchat.domain.Identity;
import java.time.Instant;
import java.util.Objects;

/** A token that passed every check: who it says the connection is, and until when. */
public record VerifiedToken(Identity identity, Instant expiresAt) {
  public VerifiedToken {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
