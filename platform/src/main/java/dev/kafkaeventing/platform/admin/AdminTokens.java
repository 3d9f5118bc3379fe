package dev.kafkaeventing.platform.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin API's two bearer tokens, kept in the data directory: {@value #ADMIN_FILE} (every route)
 * and {@value #READ_FILE} (GET and HEAD only). Each is 32 random bytes, base64url, generated at the
 * first start into a file of mode 0600 and read back at every later start (delete a file and
 * restart to rotate its token). Immutable and thread-safe.
 */
public final class AdminTokens {

  public static final String ADMIN_FILE = "admin-token";
  public static final String READ_FILE = "read-token";

  /** What a presented token allows. */
  public enum Scope { NONE, READ, ADMIN }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] admin;
  private final byte[] read;

  private AdminTokens(String admin, String read) {
    this.admin = admin.getBytes(StandardCharsets.UTF_8);
    this.read = read.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads both tokens from {@code dataDir}, generating any that is missing. */
  public static AdminTokens loadOrCreate(Path dataDir) {
    return new AdminTokens(tokenIn(dataDir.resolve(ADMIN_FILE)), tokenIn(dataDir.resolve(READ_FILE)));
  }

  /** The scope {@code token} grants; comparisons take the same time whatever the token. */
  public Scope scopeOf(String token) {
    if (token == null) {
      return Scope.NONE;
    }
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(presented, admin)) {
      return Scope.ADMIN;
    }
    return MessageDigest.isEqual(presented, read) ? Scope.READ : Scope.NONE;
  }

  private static String tokenIn(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!Files.exists(file)) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first: use its token.
        } catch (UnsupportedOperationException notPosix) {
          Files.writeString(file, token + "\n", StandardOpenOption.CREATE_NEW);
        }
      }
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("admin token file " + file + " is empty; delete it to generate a new token");
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
    }
  }
}
