package dev.kafkaeventing.core.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.List;

/**
 * An issuer's keys read from a JWKS file, read again when the file's modification time changes
 * (checked at most once a second), so keys rotated on disk are picked up without a restart. A file
 * that cannot be read or parsed keeps the last good keys. Runs on the verifier's thread only.
 */
final class FileJwkSource implements JWKSource<SecurityContext> {

  private static final long CHECK_INTERVAL_MILLIS = 1_000;

  private final Path file;
  private JWKSet keys;
  private FileTime modified;
  private long checkedAt;

  /** @throws IllegalArgumentException naming the file when it cannot be read or is not a JWKS */
  FileJwkSource(Path file) {
    this.file = file;
    try {
      this.modified = Files.getLastModifiedTime(file);
      this.keys = JWKSet.load(file.toFile());
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("--oidc-jwks " + file + ": not a readable JWKS file: " + e.getMessage(), e);
    }
    this.checkedAt = System.currentTimeMillis();
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    long now = System.currentTimeMillis();
    if (now - checkedAt >= CHECK_INTERVAL_MILLIS) {
      checkedAt = now;
      try {
        FileTime current = Files.getLastModifiedTime(file);
        if (!current.equals(modified)) {
          keys = JWKSet.load(file.toFile());
          modified = current;
        }
      } catch (IOException | ParseException e) {
        // Keep the last good keys; a file being rewritten is read again next second.
      }
    }
    return selector.select(keys);
  }
}
