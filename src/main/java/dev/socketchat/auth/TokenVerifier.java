package dev.socketchat.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.socketchat.domain.Identity;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a site's token with nimbus-jose-jwt and says who it proves a connection is. A token is accepted only when
 * signed with a configured key by an algorithm of that key's kind (HS256/384/512 with the HMAC secret; RS256 or ES256
 * with the public key or a JWKS key; never {@code alg: none}, never an HMAC checked with a public key), when it has
 * {@code sub} and {@code exp}, is within its {@code nbf}/{@code exp} (with the settings' clock skew, 30 s by default,
 * either way), and carries the configured {@code iss} and {@code aud}.
 */
public final class TokenVerifier {
  /** The longest token read, in characters; longer ones are refused before any parsing. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  /** The {@code roles} value that makes a moderator. */
  public static final String MODERATOR = "moderator";

  private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
  private static final Set<JWSAlgorithm> PUBLIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  /**
   * The {@code typ} headers taken: none, {@code JWT}, an OAuth access token's {@code at+jwt} (RFC 9068), each also
   * with the {@code application/} prefix RFC 7515 lets a producer write or leave out (compared ignoring case).
   */
  private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES =
      new DefaultJOSEObjectTypeVerifier<>(
          null,
          JOSEObjectType.JWT,
          new JOSEObjectType("application/jwt"),
          new JOSEObjectType("at+jwt"),
          new JOSEObjectType("application/at+jwt"));

  private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");
  // 9999-12-31T23:59:59Z: the last second an ISO date of four digits writes (SERVER_AUTH's expiresAt)
  private static final BigDecimal LAST_NUMERIC_DATE = BigDecimal.valueOf(253_402_300_799L);

  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final AuthSettings settings;
  // null when auth is off
  private final DefaultJWTProcessor<SecurityContext> processor;

  private TokenVerifier(AuthSettings settings, DefaultJWTProcessor<SecurityContext> processor) {
    this.settings = settings;
    this.processor = processor;
  }

  /** The settings it checks by: whether signing in is off, required or optional, and against what. */
  public AuthSettings settings() {
    return settings;
  }

  /** Whether connections may sign in at all ({@code socketchat.auth.mode} is not off). */
  public boolean enabled() {
    return settings.enabled();
  }

  /** Whether a connection must sign in before anything else. */
  public boolean required() {
    return settings.required();
  }

  /** When a connection signed in with this token must be closed: its expiry plus the clock skew. */
  public Instant endOf(VerifiedToken token) {
    return token.expiresAt().plus(settings.clockSkew());
  }

  /**
   * A verifier for these settings; with auth off, one that is never asked. Key files are read either way, so that a
   * file that holds no usable key stops the start before the mode is turned on.
   *
   * @throws IllegalArgumentException when the public key file cannot be read, or a key file holds no usable key
   * @throws java.io.UncheckedIOException when the JWKS file cannot be read
   */
  public static TokenVerifier of(AuthSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    List<JWSKeySelector<SecurityContext>> selectors = keys(settings);
    if (!settings.enabled()) {
      return new TokenVerifier(settings, null);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new AnyOf(List.copyOf(selectors)));
    processor.setJWSTypeVerifier(TYPES);
    processor.setJWTClaimsSetVerifier(claimsVerifier(settings, clock));
    return new TokenVerifier(settings, processor);
  }

  /** Whether any key is set though the mode is off: tokens are then not checked, which the operator may not mean. */
  public static boolean keysUnused(AuthSettings settings) {
    return !settings.enabled()
        && (settings.hmacSecret() != null || settings.publicKey() != null || settings.jwks() != null);
  }

  private static List<JWSKeySelector<SecurityContext>> keys(AuthSettings settings) {
    List<JWSKeySelector<SecurityContext>> selectors = new ArrayList<>();
    if (settings.hmacSecret() != null) {
      selectors.add(
          new OneKey(HMAC, new SecretKeySpec(settings.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
    }
    if (settings.publicKey() != null) {
      selectors.add(OneKey.of(KeyFiles.publicKey(settings.publicKey()).getKeys().get(0)));
    }
    if (settings.jwks() != null) {
      selectors.add(new JWSVerificationKeySelector<>(PUBLIC, new JwksFile(settings.jwks())));
    }
    return selectors;
  }

  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(AuthSettings settings, Clock clock) {
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (settings.issuer() != null) {
      exact.issuer(settings.issuer());
    }
    DefaultJWTClaimsVerifier<SecurityContext> verifier =
        new DefaultJWTClaimsVerifier<>(
            settings.audience() == null ? null : Set.of(settings.audience()),
            exact.build(),
            Set.of("sub", "exp"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }

          @Override
          public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            // nimbus reads iat without checking it: a token issued past the skew ahead of us is no token of now
            Date issued = claims.getIssueTime();
            if (issued != null && issued.toInstant().isAfter(clock.instant().plus(settings.clockSkew()))) {
              throw new BadJWTException("JWT issued in the future (iat)");
            }
          }
        };
    verifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    return verifier;
  }

  /**
   * Who the token proves the connection is, and until when.
   *
   * @throws Refusal {@link Reason#TOKEN_EXPIRED} for a token past its {@code exp}, {@link Reason#BAD_TOKEN} for any
   *     other fault (its detail says which)
   */
  public VerifiedToken verify(String token) {
    if (processor == null) {
      throw new IllegalStateException("socketchat.auth.mode is off: no token is checked");
    }
    if (token == null || token.isBlank()) {
      throw new Refusal(Reason.BAD_TOKEN, "the token is missing");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new Refusal(Reason.BAD_TOKEN, "the token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    String compact = token.strip();
    requireBase64Url(compact);
    JWT jwt;
    try {
      jwt = JWTParser.parse(compact);
    } catch (ParseException e) {
      throw new Refusal(Reason.BAD_TOKEN, "the token is not a signed JWT");
    }
    requireClaimTypes(jwt);
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (ExpiredJWTException e) {
      throw new Refusal(Reason.TOKEN_EXPIRED, "the token expired; get a fresh one from the site");
    } catch (BadJOSEException | JOSEException | RuntimeException e) {
      throw new Refusal(Reason.BAD_TOKEN, "the token was refused: " + plain(e.getMessage()));
    }
    if (claims.getSubject() == null || claims.getExpirationTime() == null) {
      // nimbus counts a claim given as null as present, so {"exp":null} passed its check for required claims
      throw new Refusal(Reason.BAD_TOKEN, "the token's sub and exp must not be null");
    }
    return new VerifiedToken(identity(claims), claims.getExpirationTime().toInstant());
  }

  /**
   * Refuses a token with a part that is no canonical base64url (RFC 7515: no padding, no other characters, no bits set
   * past the last byte): nimbus skips characters it cannot decode, so a signature with {@code %%} or a space in it, or
   * with its last character's unused bits set, verified as the signature it decodes to, and one signed token had many
   * spellings.
   */
  private static void requireBase64Url(String compact) {
    for (String part : compact.split("\\.", -1)) {
      boolean canonical;
      try {
        canonical = BASE64URL.encodeToString(BASE64URL_DECODER.decode(part)).equals(part);
      } catch (IllegalArgumentException notBase64Url) {
        canonical = false;
      }
      if (!canonical) {
        throw new Refusal(Reason.BAD_TOKEN, "the token is not a signed JWT: a part of it is no base64url");
      }
    }
  }

  /**
   * Refuses a token whose {@code exp}, {@code nbf} or {@code iat} is a number but no NumericDate from 1970 to the end
   * of 9999: nimbus turns seconds into milliseconds unbounded, so an {@code exp} of 1e300 wrapped round to a time long
   * past (refused as expired) and such an {@code nbf} let the token in; and one whose {@code sub} is given but is no
   * string (RFC 7519's StringOrURI).
   */
  private static void requireClaimTypes(JWT jwt) {
    Payload payload = jwt instanceof JOSEObject object ? object.getPayload() : null;
    Map<String, Object> json = payload == null ? null : payload.toJSONObject();
    if (json == null) {
      return; // not a JSON payload, or an encrypted one: refused further on
    }
    for (String claim : TIME_CLAIMS) {
      if (json.get(claim) instanceof Number seconds && !numericDate(seconds)) {
        throw new Refusal(Reason.BAD_TOKEN, "the token's " + claim + " is no time from 1970 to 9999");
      }
    }
    Object subject = json.get("sub");
    if (subject != null && !(subject instanceof String)) {
      // nimbus reads a number as its text, so {"sub":42} was the user "42" and {"sub":4.2e1} another one
      throw new Refusal(Reason.BAD_TOKEN, "the token's sub must be a string");
    }
  }

  private static boolean numericDate(Number seconds) {
    try {
      BigDecimal value = new BigDecimal(seconds.toString());
      return value.signum() >= 0 && value.compareTo(LAST_NUMERIC_DATE) <= 0;
    } catch (NumberFormatException notFinite) {
      return false;
    }
  }

  /**
   * The library's reason, which may quote the token's own claims, as printable ASCII of at most 200 characters: a
   * detail must never carry what the client sent back unchecked (an unpaired surrogate cannot even be encoded).
   */
  private static String plain(String message) {
    String text = message == null ? "" : message;
    StringBuilder plain = new StringBuilder(Math.min(text.length(), 200));
    for (int i = 0; i < text.length() && plain.length() < 200; i++) {
      char c = text.charAt(i);
      plain.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return plain.toString();
  }

  /** The identity the claims name: {@code sub}, {@code name} (else {@code sub}), and {@code roles}. */
  private static Identity identity(JWTClaimsSet claims) {
    String subject = claims.getSubject();
    if (subject.isBlank()) {
      throw new Refusal(Reason.BAD_TOKEN, "the token's sub is blank");
    }
    Object nameClaim = claims.getClaim("name");
    Nickname name;
    try {
      if (nameClaim == null) {
        name = new Nickname(subject);
      } else if (nameClaim instanceof String text) {
        name = new Nickname(text);
      } else {
        throw new Refusal(Reason.BAD_TOKEN, "the token's name must be a string");
      }
    } catch (Refusal bad) {
      throw new Refusal(
          Reason.BAD_TOKEN,
          nameClaim == null
              ? "the token has no name and its sub is no valid name (1 to 10 characters): give it a name claim"
              : "the token's name is no valid name: " + bad.detail());
    }
    List<String> roles;
    try {
      roles = claims.getStringListClaim("roles");
    } catch (ParseException e) {
      throw new Refusal(Reason.BAD_TOKEN, "the token's roles must be an array of strings");
    }
    if (roles != null && roles.stream().anyMatch(Objects::isNull)) {
      throw new Refusal(Reason.BAD_TOKEN, "the token's roles must be an array of strings"); // nimbus lets null in
    }
    return new Identity(subject, name, roles != null && roles.contains(MODERATOR));
  }

  /**
   * The one key of a source without key ids (the HMAC secret, the PEM key) for the algorithms of its kind, whatever
   * {@code kid} the token's header names: with one key there is nothing to choose, and sites that rotate keys name
   * them in every token they sign. Only the JWKS file's keys are chosen by {@code kid}.
   */
  private record OneKey(Set<JWSAlgorithm> algorithms, Key key) implements JWSKeySelector<SecurityContext> {
    /** The RSA key for RS256, the EC key for ES256. */
    static OneKey of(JWK jwk) {
      try {
        if (jwk instanceof RSAKey rsa) {
          return new OneKey(Set.of(JWSAlgorithm.RS256), rsa.toRSAPublicKey());
        }
        if (jwk instanceof ECKey ec) {
          if (!Curve.P_256.equals(ec.getCurve())) {
            // ES256 is P-256 only: a key on another curve would refuse every token, with a reason no client can fix
            throw new IllegalArgumentException(
                "socketchat.auth.public-key: an EC key on "
                    + (ec.getCurve() == null ? "an unknown curve" : ec.getCurve().getName())
                    + ", where ES256 takes P-256 only");
          }
          return new OneKey(Set.of(JWSAlgorithm.ES256), ec.toECPublicKey());
        }
      } catch (JOSEException e) {
        throw new IllegalArgumentException("socketchat.auth.public-key: the key cannot be used: " + e.getMessage(), e);
      }
      throw new IllegalArgumentException("socketchat.auth.public-key: neither an RSA nor an EC key");
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
      return algorithms.contains(header.getAlgorithm()) ? List.of(key) : List.of();
    }
  }

  /** Keys from whichever configured source takes the token's algorithm; the others are never asked. */
  private record AnyOf(List<JWSKeySelector<SecurityContext>> selectors) implements JWSKeySelector<SecurityContext> {
    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
      List<Key> keys = new ArrayList<>();
      for (JWSKeySelector<SecurityContext> selector : selectors) {
        keys.addAll(selector.selectJWSKeys(header, context));
      }
      return keys;
    }
  }
}
