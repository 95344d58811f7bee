package dev.socketchat.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether connections must prove who they are, and the keys and claims their tokens are checked against
 * ({@code socketchat.auth.*}).
 *
 * @param mode off (nobody signs in), required (every connection first), or optional (guests chat as before)
 * @param hmacSecret the shared secret of HS256/384/512 tokens (at least 32 bytes), or null
 * @param publicKey a PEM file with the public key of RS256/ES256 tokens, or null
 * @param jwks a JWKS file of public keys, read again whenever it changes, or null
 * @param issuer the {@code iss} every token must carry, or null for any
 * @param audience a value the token's {@code aud} must hold, or null for any
 * @param clockSkew how far the site's clock may be off: a token counts until this long after its {@code exp} (and from
 *     this long before its {@code nbf}), and a connection signed in with it is closed then
 */
public record AuthSettings(
    Mode mode, String hmacSecret, Path publicKey, Path jwks, String issuer, String audience, Duration clockSkew) {
  /** The clock skew allowed unless {@code socketchat.auth.clock-skew} says otherwise. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  /** The shortest HMAC secret accepted, in bytes (RFC 7518 asks HS256 keys for at least 256 bits). */
  public static final int MIN_SECRET_BYTES = 32;

  /** Nobody signs in: today's behaviour. */
  public static final AuthSettings OFF = new AuthSettings(Mode.OFF, null, null, null, null, null, DEFAULT_CLOCK_SKEW);

  /** Settings with the default clock skew. */
  public AuthSettings(Mode mode, String hmacSecret, Path publicKey, Path jwks, String issuer, String audience) {
    this(mode, hmacSecret, publicKey, jwks, issuer, audience, DEFAULT_CLOCK_SKEW);
  }

  /** Whether a connection must, may, or cannot sign in with a token. */
  public enum Mode {
    OFF,
    REQUIRED,
    OPTIONAL;

    /** The mode of a setting's value ({@code off}, {@code required}, {@code optional}, any case). */
    public static Mode of(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "socketchat.auth.mode must be off, required or optional, not \"" + value + "\"", e);
      }
    }
  }

  public AuthSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative() || clockSkew.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("socketchat.auth.clock-skew must be 0 or more seconds");
    }
    if (hmacSecret != null && hmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "socketchat.auth.hmac-secret must be at least " + MIN_SECRET_BYTES + " bytes (256 bits) long, it has "
              + hmacSecret.getBytes(StandardCharsets.UTF_8).length
              + "; generate one with: openssl rand -base64 48");
    }
    if (mode != Mode.OFF && hmacSecret == null && publicKey == null && jwks == null) {
      throw new IllegalArgumentException(
          "socketchat.auth.mode is " + mode.name().toLowerCase(Locale.ROOT)
              + " but no key is set: set socketchat.auth.hmac-secret, socketchat.auth.public-key or"
              + " socketchat.auth.jwks");
    }
  }

  /** Whether tokens are checked at all. */
  public boolean enabled() {
    return mode != Mode.OFF;
  }

  /** Whether a connection must sign in before anything else. */
  public boolean required() {
    return mode == Mode.REQUIRED;
  }

  /** Leaves the secret out, so settings can be logged. */
  @Override
  public String toString() {
    return "AuthSettings[mode=" + mode + ", hmacSecret=" + (hmacSecret == null ? "none" : "(set)") + ", publicKey="
        + publicKey + ", jwks=" + jwks + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew
        + "]";
  }
}
