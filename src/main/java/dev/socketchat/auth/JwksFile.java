package dev.socketchat.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

/**
 * The keys of a JWKS file, read again when the file changes (its time or size), so a site rotates keys by rewriting
 * the file, without a restart; and, at most once a second, when a token asks for a key the file held none of at the
 * last read (a rewrite the file's time did not show). A file that cannot be read or parsed keeps the keys read last.
 */
final class JwksFile implements JWKSource<SecurityContext> {
  private static final System.Logger LOG = System.getLogger(JwksFile.class.getName());
  private static final long FORCED_READS_APART = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  private final Path file;
  private Snapshot current;
  private long lastForcedRead = System.nanoTime() - FORCED_READS_APART;
  /** What the last read that failed said; null while reads succeed. */
  private String failing;

  private record Snapshot(FileTime modified, long size, JWKSet keys) {}

  /** Reads the file now; a file that cannot be read at start-up stops it. */
  JwksFile(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    try {
      this.current = new Snapshot(Files.getLastModifiedTime(file), Files.size(file), KeyFiles.jwks(file));
    } catch (IOException e) {
      throw new UncheckedIOException("socketchat.auth.jwks: cannot read " + file, e);
    }
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    List<JWK> found = selector.select(keys(false));
    return found.isEmpty() ? selector.select(keys(true)) : found;
  }

  /**
   * The keys as the file holds them now; {@code force} reads it even when it seems unchanged (once a second). What a
   * client can make happen at will (a token naming an unknown key, while the file is missing or broken) logs nothing
   * above DEBUG: a read logs at INFO only when it changes the keys, a failure at WARNING only when it differs from the
   * last one.
   */
  synchronized JWKSet keys(boolean force) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      boolean forced = force && System.nanoTime() - lastForcedRead >= FORCED_READS_APART;
      if (forced) {
        lastForcedRead = System.nanoTime();
      }
      if (forced || failing != null || !modified.equals(current.modified()) || size != current.size()) {
        JWKSet read = KeyFiles.jwks(file);
        boolean changed = !read.getKeys().equals(current.keys().getKeys());
        current = new Snapshot(modified, size, read);
        failing = null;
        LOG.log(
            changed ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
            "socketchat.auth.jwks: read {0} again: {1} keys",
            file,
            read.size());
      }
    } catch (IOException | RuntimeException e) {
      String failure = e.toString();
      LOG.log(
          failure.equals(failing) ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
          "socketchat.auth.jwks: cannot read {0} again, keeping its last keys: {1}",
          file,
          failure);
      failing = failure;
    }
    return current.keys();
  }
}
