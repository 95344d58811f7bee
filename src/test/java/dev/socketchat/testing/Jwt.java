package dev.socketchat.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints JWTs for tests with the JDK's own {@code Mac} and {@code Signature}, independently of the library the server
 * checks them with: the header and claims are given as JSON text, exactly as they go on the wire.
 */
public final class Jwt {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Jwt() {}

  /** An HS256/384/512 token ({@code alg} is the JWS name) signed with the secret's bytes. */
  public static String hmac(String alg, byte[] secret, String claims) {
    return hmac(alg, secret, "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}", claims);
  }

  /** An HMAC token with a header of the test's making (the MAC follows {@code alg}, which the header may belie). */
  public static String hmac(String alg, byte[] secret, String header, String claims) {
    String macName = "Hmac" + "SHA" + alg.substring(2);
    String input = part(header) + "." + part(claims);
    try {
      Mac mac = Mac.getInstance(macName);
      mac.init(new SecretKeySpec(secret, macName));
      return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HS256 token signed with a text secret. */
  public static String hs256(String secret, String claims) {
    return hmac("HS256", secret.getBytes(StandardCharsets.UTF_8), claims);
  }

  /** An RS256 token. */
  public static String rs256(PrivateKey key, String kid, String claims) {
    return signed("RS256", "SHA256withRSA", key, kid, claims);
  }

  /** An ES256 token (P-256; the signature as R||S, as JWS has it). */
  public static String es256(PrivateKey key, String kid, String claims) {
    return signed("ES256", "SHA256withECDSAinP1363Format", key, kid, claims);
  }

  /** An unsigned token ({@code alg: none}, empty signature). */
  public static String none(String claims) {
    return part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(claims) + ".";
  }

  /** Claims with {@code sub}, {@code exp} (epoch seconds) and the extra members given as JSON text ({@code "a":1}). */
  public static String claims(String sub, long exp, String extra) {
    return "{\"sub\":\"" + sub + "\",\"exp\":" + exp + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
  }

  /** The token with its claims part swapped for other claims, the signature kept (a tampered token). */
  public static String tampered(String token, String claims) {
    String[] parts = token.split("\\.", -1);
    return parts[0] + "." + part(claims) + "." + parts[2];
  }

  private static String signed(String alg, String jdkName, PrivateKey key, String kid, String claims) {
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
    String input = part(header) + "." + part(claims);
    try {
      Signature signature = Signature.getInstance(jdkName);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String part(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
