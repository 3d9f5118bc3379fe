package dev.kafkaeventing.dispatcher.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A stable identity of this process' data: a random id kept in the state directory, so the same
 * instance restarted (even after {@code kill -9}) is recognised by Kafka as the same static group
 * member, and resumes its own replays. Stateless.
 */
public final class ProcessIdentity {

  private static final String FILE = "process-id";

  private ProcessIdentity() {}

  /** The id stored in {@code stateDir}, created on first use. */
  public static synchronized String of(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!id.isEmpty()) {
          return id;
        }
      }
      Files.createDirectories(stateDir);
      String id = "ke-" + UUID.randomUUID();
      Path temp = Files.createTempFile(stateDir, FILE, ".tmp");
      Files.writeString(temp, id, StandardCharsets.UTF_8);
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the process id in " + stateDir, e);
    }
  }
}
