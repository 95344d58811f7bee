package dev.socketchat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketchat.domain.Identity;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.testing.Jwt;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier against tokens minted with the JDK's own HMAC and signatures, good ones and every kind of bad one. */
class TokenVerifierTest {
  private static final String SECRET = "a-secret-of-the-site-at-least-32-bytes-long";
  private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
  private static final long NOW_S = NOW.getEpochSecond();
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  private static TokenVerifier hmac(String issuer, String audience) {
    return TokenVerifier.of(
        new AuthSettings(AuthSettings.Mode.REQUIRED, SECRET, null, null, issuer, audience), CLOCK);
  }

  private static Reason refusal(TokenVerifier verifier, String token) {
    try {
      verifier.verify(token);
    } catch (Refusal refused) {
      return refused.reason();
    }
    throw new AssertionError("the token was accepted: " + token);
  }

  @Test
  void aValidHs256TokenProvesItsSubjectNameAndRoles() {
    String token = Jwt.hs256(SECRET, Jwt.claims("u-42", NOW_S + 600, "\"name\":\"지영\",\"roles\":[\"moderator\"]"));

    VerifiedToken verified = hmac(null, null).verify(token);

    assertThat(verified.identity()).isEqualTo(new Identity("u-42", new Nickname("지영"), true));
    assertThat(verified.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW_S + 600));
  }

  @Test
  void hs384AndHs512AreAcceptedWithSecretsAsLongAsTheirHashes() {
    String long64 = "s".repeat(64);
    TokenVerifier verifier =
        TokenVerifier.of(new AuthSettings(AuthSettings.Mode.REQUIRED, long64, null, null, null, null), CLOCK);
    byte[] secret = long64.getBytes(StandardCharsets.UTF_8);
    String claims = Jwt.claims("kim", NOW_S + 60, null);

    assertThat(verifier.verify(Jwt.hmac("HS384", secret, claims)).identity().name().value()).isEqualTo("kim");
    assertThat(verifier.verify(Jwt.hmac("HS512", secret, claims)).identity().moderator()).isFalse();
    assertThat(refusal(hmac(null, null), Jwt.hmac("HS512", SECRET.getBytes(StandardCharsets.UTF_8), claims)))
        .isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void withoutANameTheSubjectIsTheNameWhenItFits() {
    assertThat(hmac(null, null).verify(Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 60, null))).identity().name())
        .isEqualTo(new Nickname("kim"));
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, Jwt.claims("user-000000042", NOW_S + 60, null))))
        .isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aNameThatIsNoValidNicknameIsRefused() {
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, Jwt.claims("u1", NOW_S + 60, "\"name\":\"elevenchars\""))))
        .isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, Jwt.claims("u1", NOW_S + 60, "\"name\":7"))))
        .isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void rolesThatAreNoArrayOfStringsAreRefused() {
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, Jwt.claims("u1", NOW_S + 60, "\"roles\":\"moderator\""))))
        .isEqualTo(Reason.BAD_TOKEN);
    String nullRole = Jwt.claims("u1", NOW_S + 60, "\"roles\":[\"moderator\",null]");
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, nullRole))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void anExpiredTokenIsRefusedAsExpiredOnceTheSkewIsPast() {
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S - 31, null))))
        .isEqualTo(Reason.TOKEN_EXPIRED);
    assertThat(hmac(null, null).verify(Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S - 20, null))).identity().subject())
        .isEqualTo("kim");
  }

  @Test
  void aTokenNotYetValidIsRefusedBeyondTheSkew() {
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 600, "\"nbf\":" + (NOW_S + 60)))))
        .isEqualTo(Reason.BAD_TOKEN);
    assertThat(hmac(null, null).verify(Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 600, "\"nbf\":" + (NOW_S + 20)))))
        .isNotNull();
  }

  @Test
  void aTimeClaimNoClockCanReachIsABadTokenNotAnExpiredOne() {
    for (String exp : new String[] {"1e300", "-1e300", "1e16", "-1", "253402300800"}) {
      assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, "{\"sub\":\"kim\",\"exp\":" + exp + "}")))
          .as("exp " + exp)
          .isEqualTo(Reason.BAD_TOKEN);
    }
    for (String claim : new String[] {"nbf", "iat"}) {
      String claims = Jwt.claims("kim", NOW_S + 60, "\"" + claim + "\":1e300");
      assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, claims)))
          .as(claim)
          .isEqualTo(Reason.BAD_TOKEN);
    }
    // the last second of 9999 and a fraction of a second are NumericDates too
    assertThat(hmac(null, null).verify(Jwt.hs256(SECRET, Jwt.claims("kim", 253_402_300_799L, null))).expiresAt())
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(hmac(null, null).verify(Jwt.hs256(SECRET, "{\"sub\":\"kim\",\"exp\":" + (NOW_S + 60) + ".5}")))
        .isNotNull();
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    String token = Jwt.hs256("another-secret-of-at-least-thirty-two-bytes", Jwt.claims("kim", NOW_S + 60, null));

    assertThat(refusal(hmac(null, null), token)).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void anUnsignedTokenIsRefused() {
    assertThat(refusal(hmac(null, null), Jwt.none(Jwt.claims("kim", NOW_S + 60, null)))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String token = Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 60, null));

    String tampered = Jwt.tampered(token, Jwt.claims("kim", NOW_S + 60, "\"roles\":[\"moderator\"]"));

    assertThat(refusal(hmac(null, null), tampered)).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aTokenWithoutExpOrSubIsRefused() {
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, "{\"sub\":\"kim\"}"))).isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, "{\"name\":\"kim\",\"exp\":" + (NOW_S + 60) + "}")))
        .isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aTokenWhoseExpOrSubIsNullIsABadTokenNotAFailure() {
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, "{\"sub\":\"kim\",\"exp\":null}")))
        .isEqualTo(Reason.BAD_TOKEN);
    String nullSubject = "{\"sub\":null,\"name\":\"kim\",\"exp\":" + (NOW_S + 60) + "}";
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, nullSubject))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void theIssuerAndAudienceAreCheckedWhenSet() {
    TokenVerifier verifier = hmac("https://site.example", "chat");
    String good = Jwt.claims("kim", NOW_S + 60, "\"iss\":\"https://site.example\",\"aud\":[\"chat\",\"api\"]");

    assertThat(verifier.verify(Jwt.hs256(SECRET, good)).identity().subject()).isEqualTo("kim");
    String wrongIssuer = Jwt.claims("kim", NOW_S + 60, "\"iss\":\"https://evil.example\",\"aud\":\"chat\"");
    String wrongAudience = Jwt.claims("kim", NOW_S + 60, "\"iss\":\"https://site.example\",\"aud\":\"api\"");
    assertThat(refusal(verifier, Jwt.hs256(SECRET, wrongIssuer))).isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(verifier, Jwt.hs256(SECRET, wrongAudience))).isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(verifier, Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 60, null)))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aRefusalNeverEchoesTheTokensTextUnchecked() {
    TokenVerifier verifier = hmac("https://site.example", null);
    String claims = Jwt.claims("kim", NOW_S + 60, "\"iss\":\"\\ud800\\u202e" + "x".repeat(500) + "\"");

    assertThatThrownBy(() -> verifier.verify(Jwt.hs256(SECRET, claims)))
        .isInstanceOfSatisfying(
            Refusal.class,
            refused -> {
              assertThat(refused.reason()).isEqualTo(Reason.BAD_TOKEN);
              assertThat(refused.detail()).matches("[\\x20-\\x7e]{1,230}");
            });
  }

  @Test
  void aTokenIsReadWithoutTheWhiteSpaceAroundIt() {
    String token = Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 60, null));
    assertThat(hmac(null, null).verify(" \t" + token + "\r\n").identity().name().value()).isEqualTo("kim");
  }

  @Test
  void aTokenWhoseClaimsOrHeaderNameAFieldTwiceIsRefused() {
    String twice = "{\"sub\":\"kim\",\"sub\":\"admin\",\"exp\":" + (NOW_S + 60) + "}";
    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, twice))).isEqualTo(Reason.BAD_TOKEN);
    String header = "{\"alg\":\"none\",\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    String claims = Jwt.claims("kim", NOW_S + 60, null);
    assertThat(refusal(hmac(null, null), Jwt.hmac("HS256", secret, header, claims))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aJwtOrAccessTokenTypeIsTakenWithOrWithoutItsMediaTypePrefixAndAnyOtherTypeIsRefused() {
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    String claims = Jwt.claims("kim", NOW_S + 60, null);
    for (String typ : List.of("JWT", "jwt", "application/jwt", "at+jwt", "application/at+JWT")) {
      String header = "{\"alg\":\"HS256\",\"typ\":\"" + typ + "\"}";
      assertThat(hmac(null, null).verify(Jwt.hmac("HS256", secret, header, claims)).identity().subject())
          .as(typ)
          .isEqualTo("kim");
    }
    assertThat(hmac(null, null).verify(Jwt.hmac("HS256", secret, "{\"alg\":\"HS256\"}", claims))).isNotNull();
    String other = "{\"alg\":\"HS256\",\"typ\":\"secevent+jwt\"}";
    assertThat(refusal(hmac(null, null), Jwt.hmac("HS256", secret, other, claims))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void oversizedAndMalformedTokensAreRefused() {
    assertThat(refusal(hmac(null, null), "x".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1))).isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(hmac(null, null), "not.a.jwt")).isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(hmac(null, null), "")).isEqualTo(Reason.BAD_TOKEN);
    assertThat(refusal(hmac(null, null), "{}")).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void aTokenWhosePartsAreNoCanonicalBase64UrlIsRefusedThoughItsSignatureDecodesTheSame() {
    String token = Jwt.hs256(SECRET, Jwt.claims("kim", NOW_S + 60, null));
    String signature = token.substring(token.lastIndexOf('.') + 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(signature.charAt(signature.length() - 1));
    // 32 bytes take 43 characters, the last of which carries two bits no byte reads: set one of them
    String unusedBits = signature.substring(0, signature.length() - 1) + alphabet.charAt(last ^ 1);

    for (String malleable :
        new String[] {
          token + "%%",
          token + "=",
          token.substring(0, token.lastIndexOf('.') + 1) + "!" + signature,
          token.substring(0, token.lastIndexOf('.') + 1) + " " + signature,
          token.substring(0, token.lastIndexOf('.') + 1) + unusedBits
        }) {
      assertThat(refusal(hmac(null, null), malleable)).as(malleable).isEqualTo(Reason.BAD_TOKEN);
    }
    assertThat(hmac(null, null).verify(" " + token + "\n").identity().subject()).isEqualTo("kim");
  }

  @Test
  void aSubjectThatIsNoStringIsRefusedNotReadAsOne() {
    for (String sub : new String[] {"42", "4.2e1", "true", "[\"kim\"]"}) {
      String claims = "{\"sub\":" + sub + ",\"name\":\"kim\",\"exp\":" + (NOW_S + 60) + "}";
      assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, claims))).as("sub " + sub).isEqualTo(Reason.BAD_TOKEN);
    }
  }

  @Test
  void aTokenIssuedInTheFutureBeyondTheSkewIsRefused() {
    String ahead = Jwt.claims("kim", NOW_S + 600, "\"iat\":" + (NOW_S + 31));
    String withinSkew = Jwt.claims("kim", NOW_S + 600, "\"iat\":" + (NOW_S + 30));

    assertThat(refusal(hmac(null, null), Jwt.hs256(SECRET, ahead))).isEqualTo(Reason.BAD_TOKEN);
    assertThat(hmac(null, null).verify(Jwt.hs256(SECRET, withinSkew)).identity().subject()).isEqualTo("kim");
  }

  @Test
  void anRs256TokenIsCheckedWithThePemPublicKey() throws Exception {
    KeyPair rsa = rsa();
    TokenVerifier verifier = publicKey(rsa, null);

    VerifiedToken verified = verifier.verify(Jwt.rs256(rsa.getPrivate(), null, Jwt.claims("kim", NOW_S + 60, null)));

    assertThat(verified.identity().name().value()).isEqualTo("kim");
    assertThat(refusal(verifier, Jwt.rs256(rsa().getPrivate(), null, Jwt.claims("kim", NOW_S + 60, null))))
        .isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void anEs256TokenIsCheckedWithThePemPublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = generator.generateKeyPair();

    VerifiedToken verified =
        publicKey(ec, null).verify(Jwt.es256(ec.getPrivate(), null, Jwt.claims("kim", NOW_S + 60, null)));

    assertThat(verified.identity().subject()).isEqualTo("kim");
  }

  @Test
  void aKeyIdInTheHeaderDoesNotKeepTheOneSecretOrPemKeyFromCheckingTheToken() throws Exception {
    // sites that rotate keys name them (Keycloak, php-jwt's keyId): with one key configured there is nothing to choose
    String claims = Jwt.claims("kim", NOW_S + 60, null);
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    KeyPair rsa = rsa();

    assertThat(hmac(null, null).verify(Jwt.hmac("HS256", secret, "{\"alg\":\"HS256\",\"kid\":\"2026-12\"}", claims))
            .identity().subject())
        .isEqualTo("kim");
    assertThat(publicKey(rsa, null).verify(Jwt.rs256(rsa.getPrivate(), "key-1", claims)).identity().subject())
        .isEqualTo("kim");
    assertThat(refusal(publicKey(rsa, null), Jwt.rs256(rsa().getPrivate(), "key-1", claims)))
        .isEqualTo(Reason.BAD_TOKEN);
    assertThat(
            refusal(
                hmac(null, null),
                Jwt.hmac("HS256", "another-secret-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8),
                    "{\"alg\":\"HS256\",\"kid\":\"2026-12\"}", claims)))
        .isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void anHmacTokenSignedWithThePublicKeyIsRefused() throws Exception {
    KeyPair rsa = rsa();
    Path pem = pem(rsa);
    String claims = Jwt.claims("kim", NOW_S + 60, null);

    for (byte[] publicBytes : new byte[][] {Files.readAllBytes(pem), rsa.getPublic().getEncoded()}) {
      String confused = Jwt.hmac("HS256", publicBytes, claims);
      assertThat(refusal(publicKey(rsa, null), confused)).isEqualTo(Reason.BAD_TOKEN);
      assertThat(refusal(publicKey(rsa, SECRET), confused)).isEqualTo(Reason.BAD_TOKEN);
    }
  }

  @Test
  void keysRotateWhenTheJwksFileIsRewritten() throws Exception {
    KeyPair first = rsa();
    KeyPair second = rsa();
    Path jwks = dir.resolve("keys.json");
    Files.writeString(jwks, jwks(first, "key-1"));
    TokenVerifier verifier =
        TokenVerifier.of(new AuthSettings(AuthSettings.Mode.REQUIRED, null, null, jwks, null, null), CLOCK);
    String claims = Jwt.claims("kim", NOW_S + 60, null);
    assertThat(verifier.verify(Jwt.rs256(first.getPrivate(), "key-1", claims))).isNotNull();
    assertThat(refusal(verifier, Jwt.rs256(second.getPrivate(), "key-two", claims))).isEqualTo(Reason.BAD_TOKEN);

    Files.writeString(jwks, jwks(second, "key-two"));

    assertThat(verifier.verify(Jwt.rs256(second.getPrivate(), "key-two", claims)).identity().subject())
        .isEqualTo("kim");
    assertThat(refusal(verifier, Jwt.rs256(first.getPrivate(), "key-1", claims))).isEqualTo(Reason.BAD_TOKEN);
  }

  @Test
  void tokensSentWhileTheJwksFileIsGoneLogItsFailureOnceAboveDebug() throws Exception {
    KeyPair first = rsa();
    Path jwks = dir.resolve("gone.json");
    Files.writeString(jwks, jwks(first, "key-1"));
    TokenVerifier verifier =
        TokenVerifier.of(new AuthSettings(AuthSettings.Mode.REQUIRED, null, null, jwks, null, null), CLOCK);
    String claims = Jwt.claims("kim", NOW_S + 60, null);
    List<Level> levels = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger(JwksFile.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord logged) {
            levels.add(logged.getLevel());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(handler);
    try {
      Files.delete(jwks); // a rotation that removes the file before it writes the new one
      for (int i = 0; i < 20; i++) {
        assertThat(refusal(verifier, Jwt.rs256(rsa().getPrivate(), "forged-" + i, claims)))
            .isEqualTo(Reason.BAD_TOKEN);
      }
      assertThat(verifier.verify(Jwt.rs256(first.getPrivate(), "key-1", claims))).as("the last keys").isNotNull();
    } finally {
      log.removeHandler(handler);
    }

    assertThat(levels.stream().filter(level -> level.intValue() > Level.FINE.intValue()))
        .as("what clients caused at will, above DEBUG")
        .containsExactly(Level.WARNING);
  }

  @Test
  void aRewriteTheFilesTimeAndSizeDoNotShowIsFoundByTheNewKeysId() throws Exception {
    KeyPair first = rsa();
    KeyPair second = rsa();
    Path jwks = dir.resolve("same-size.json");
    Files.writeString(jwks, jwks(first, "key-1"));
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(jwks);
    TokenVerifier verifier =
        TokenVerifier.of(new AuthSettings(AuthSettings.Mode.REQUIRED, null, null, jwks, null, null), CLOCK);
    String claims = Jwt.claims("kim", NOW_S + 60, null);
    assertThat(verifier.verify(Jwt.rs256(first.getPrivate(), "key-1", claims))).isNotNull();

    Files.writeString(jwks, jwks(second, "key-2")); // the same length
    Files.setLastModifiedTime(jwks, time);

    assertThat(verifier.verify(Jwt.rs256(second.getPrivate(), "key-2", claims)).identity().subject())
        .isEqualTo("kim");
  }

  @Test
  void aSecretShorterThan32BytesRefusesToStart() {
    assertThatThrownBy(() -> new AuthSettings(AuthSettings.Mode.REQUIRED, "short", null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.auth.hmac-secret must be at least 32 bytes");
  }

  @Test
  void authOnWithoutAnyKeyRefusesToStart() {
    assertThatThrownBy(() -> new AuthSettings(AuthSettings.Mode.OPTIONAL, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no key is set");
  }

  @Test
  void aPublicKeyFileWithoutAKeyRefusesToStart() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here");

    assertThatThrownBy(
            () ->
                TokenVerifier.of(
                    new AuthSettings(AuthSettings.Mode.REQUIRED, null, empty, null, null, null), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.auth.public-key");
  }

  @Test
  void keyFilesThatHoldNoKeyRefuseToStartWithAuthOffToo() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here");
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(
            () -> TokenVerifier.of(new AuthSettings(AuthSettings.Mode.OFF, null, empty, null, null, null), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.auth.public-key");
    assertThatThrownBy(
            () -> TokenVerifier.of(new AuthSettings(AuthSettings.Mode.OFF, null, null, missing, null, null), CLOCK))
        .hasMessageContaining("socketchat.auth.jwks");
  }

  @Test
  void aKeySetWithAuthOffIsToldUnused() {
    assertThat(TokenVerifier.keysUnused(new AuthSettings(AuthSettings.Mode.OFF, SECRET, null, null, null, null)))
        .isTrue();
    assertThat(TokenVerifier.keysUnused(new AuthSettings(AuthSettings.Mode.REQUIRED, SECRET, null, null, null, null)))
        .isFalse();
    assertThat(TokenVerifier.keysUnused(AuthSettings.OFF)).isFalse();
  }

  @Test
  void anEcPublicKeyOnAnotherCurveThanP256RefusesToStart() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();

    assertThatThrownBy(() -> publicKey(p384, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketchat.auth.public-key")
        .hasMessageContaining("P-384");
  }

  @Test
  void theSecretIsNeverShownInTheSettings() {
    assertThat(new AuthSettings(AuthSettings.Mode.REQUIRED, SECRET, null, null, null, null).toString())
        .doesNotContain(SECRET);
  }

  private TokenVerifier publicKey(KeyPair pair, String secret) throws IOException {
    return TokenVerifier.of(
        new AuthSettings(AuthSettings.Mode.REQUIRED, secret, pem(pair), null, null, null), CLOCK);
  }

  private Path pem(KeyPair pair) throws IOException {
    Path file = dir.resolve("public-" + System.identityHashCode(pair) + ".pem");
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(pair.getPublic().getEncoded());
    return Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** A JWKS document with the pair's RSA public key, written by hand. */
  private static String jwks(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
        + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
