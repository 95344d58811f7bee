package dev.socketchat.domain;

import java.util.Objects;

/** A request the rules refuse: its reason code for machines and a sentence for people. */
public final class Refusal extends RuntimeException {
  private final Reason reason;

  public Refusal(Reason reason, String detail) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
