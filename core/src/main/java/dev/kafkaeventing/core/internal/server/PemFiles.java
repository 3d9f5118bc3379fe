package dev.kafkaeventing.core.internal.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A PEM certificate chain and private key as last loaded: the server context built from them and
 * the files' modification times and sizes, to tell a change. Not thread-safe: the watch thread
 * alone calls {@link #reloadIfChanged}; {@link #context()} is immutable.
 */
public final class PemFiles {

  private final Path certificateChain;
  private final Path privateKey;
  private Stamp certStamp;
  private Stamp keyStamp;
  private SslContext context;

  private PemFiles(Path certificateChain, Path privateKey) {
    this.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
  }

  /** @throws IllegalArgumentException naming the file that cannot be read or parsed */
  public static PemFiles load(Path certificateChain, Path privateKey) {
    PemFiles files = new PemFiles(certificateChain, privateKey);
    files.load();
    return files;
  }

  public Path certificateChain() {
    return certificateChain;
  }

  public SslContext context() {
    return context;
  }

  /**
   * Loads the pair again when either file's modification time or size changed since the last load.
   *
   * @return this, reloaded; or null when nothing changed
   * @throws IllegalArgumentException when a changed file cannot be loaded (the old context stays)
   */
  public PemFiles reloadIfChanged() {
    if (Stamp.of(certificateChain).equals(certStamp) && Stamp.of(privateKey).equals(keyStamp)) {
      return null;
    }
    load();
    return this;
  }

  private void load() {
    // Stamps first: a file replaced while it is read is seen as changed again at the next check.
    Stamp cert = Stamp.of(certificateChain);
    Stamp key = Stamp.of(privateKey);
    requireReadable(certificateChain, "--tls-cert");
    requireReadable(privateKey, "--tls-key");
    try {
      context = SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
          .sslProvider(SslProvider.JDK)
          .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot load the TLS certificate " + certificateChain + " and key "
          + privateKey + " (PEM certificate chain and unencrypted PKCS#8 PEM key expected): " + rootMessage(e), e);
    }
    certStamp = cert;
    keyStamp = key;
  }

  private static void requireReadable(Path file, String flag) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(flag + " " + file + " does not exist or cannot be read");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private record Stamp(long modifiedMillis, long size) {
    static Stamp of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size());
      } catch (IOException e) {
        return new Stamp(-1, -1);
      }
    }
  }
}
