package dev.kafkaeventing.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a broker's data directory, taken before Kafka starts. Kafka locks its log
 * directories too, but only after its controller has already written to the metadata log; a
 * second broker on the same directory must be refused before that.
 */
final class DataDirLock implements AutoCloseable {

  static final String LOCK_FILE = "embedded-kafka.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dataDir}, creating it if missing.
   *
   * @throws IllegalStateException when another broker, in this process or another, holds it
   */
  static DataDirLock acquire(Path dataDir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(dataDir.resolve(LOCK_FILE),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir);
      }
      return new DataDirLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(dataDir);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot lock " + dataDir, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it anyway.
    }
    closeQuietly(channel);
  }

  private static IllegalStateException inUse(Path dataDir) {
    return new IllegalStateException(
        "Kafka data directory " + dataDir + " is in use by another embedded Kafka");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
