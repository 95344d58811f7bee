package dev.socketchat.bench;

/** A server that cannot be measured here (a mode this build does not have yet, a tool that is missing). */
final class Unavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Unavailable(String why) {
    super(why, null, false, false);
  }
}
