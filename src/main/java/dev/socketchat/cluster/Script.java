package dev.socketchat.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The Lua scripts that read and change the registry in Redis, each run atomically; {@code lib.lua} precedes each. */
enum Script {
  CREATE,
  JOIN,
  ENTER,
  EXIT,
  DELETE,
  POST,
  EXISTS,
  ADMITS,
  ANNOUNCE,
  LOBBY,
  CENSUS,
  TICK,
  RESYNC,
  REPLAY,
  GAP,
  HISTORY,
  TAIL,
  SESSION,
  TAKEOVER,
  LEAVE,
  KICK;

  private final String text;
  private final String sha;

  Script() {
    this.text = read("lib.lua") + read(name().toLowerCase(java.util.Locale.ROOT) + ".lua");
    this.sha = sha1(text);
  }

  /** The script's source, as sent with {@code EVAL}. */
  String text() {
    return text;
  }

  /** The SHA-1 Redis knows the script by once it has seen it ({@code EVALSHA}). */
  String sha() {
    return sha;
  }

  private static String read(String resource) {
    try (InputStream in = Script.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-1", e);
    }
  }
}
