package dev.socketchat.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the public keys of {@code socketchat.auth.public-key} (a PEM file) as the JWK they stand for. */
final class KeyFiles {
  private KeyFiles() {}

  /**
   * The RSA or EC public key of a PEM file ({@code -----BEGIN PUBLIC KEY-----}, as {@code openssl pkey -pubout}
   * writes it), as a one-key set.
   *
   * @throws IllegalArgumentException when the file cannot be read or holds no such key
   */
  static JWKSet publicKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("socketchat.auth.public-key: cannot read " + file + ": " + e, e);
    }
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "socketchat.auth.public-key: " + file + " holds no \"" + begin
              + "\" block (openssl pkey -pubout writes one)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("socketchat.auth.public-key: " + file + " is not base64 inside", e);
    }
    return new JWKSet(jwk(der, file));
  }

  private static JWK jwk(byte[] der, Path file) {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      PublicKey key;
      try {
        key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisKind) {
        continue;
      }
      if (key instanceof RSAPublicKey rsa) {
        return new RSAKey.Builder(rsa).build();
      }
      if (key instanceof ECPublicKey ec) {
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
      }
    }
    throw new IllegalArgumentException("socketchat.auth.public-key: " + file + " holds no RSA or EC public key");
  }

  /** Reads a JWKS file; the public keys only. */
  static JWKSet jwks(Path file) {
    try {
      return JWKSet.load(file.toFile()).toPublicJWKSet();
    } catch (IOException e) {
      throw new UncheckedIOException("socketchat.auth.jwks: cannot read " + file, e);
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("socketchat.auth.jwks: " + file + " is not a JWK set: " + e.getMessage(), e);
    }
  }
}
