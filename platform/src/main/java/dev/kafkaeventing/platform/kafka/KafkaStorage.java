package dev.kafkaeventing.platform.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The on-disk side of the embedded broker: formatting a data directory once, as a standalone
 * controller, and reading back the cluster id it was given.
 *
 * <p>Formatting writes {@code meta.properties}, which holds the cluster id, so every later start
 * on the directory joins the same cluster and finds its topics. It also records the controller's
 * address in the metadata log; a later start on other ports is fine, as Kafka updates that record.
 */
final class KafkaStorage {

  static final String META_PROPERTIES = "meta.properties";

  private KafkaStorage() {}

  static boolean isFormatted(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve(META_PROPERTIES));
  }

  /** Formats {@code dataDir} as a standalone controller with a new random cluster id. */
  static void format(Path dataDir, Properties serverProperties) {
    String clusterId = Uuid.randomUuid().toString();
    Path propertiesFile = null;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      Files.createDirectories(dataDir);
      propertiesFile = Files.createTempFile("embedded-kafka", ".properties");
      write(propertiesFile, serverProperties);
      String[] args = {"format", "-t", clusterId, "-c", propertiesFile.toString(), "--standalone"};
      int exitCode;
      try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        exitCode = StorageTool.execute(args, out);
      }
      if (exitCode != 0) {
        throw new IllegalStateException(
            "Formatting Kafka storage in " + dataDir + " failed (exit code " + exitCode + "): "
                + output.toString(StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot format Kafka storage in " + dataDir, e);
    } finally {
      deleteQuietly(propertiesFile);
    }
  }

  /** The cluster id written by {@link #format}. */
  static String clusterId(Path dataDir) {
    String id = read(dataDir.resolve(META_PROPERTIES)).getProperty("cluster.id");
    if (id == null) {
      throw new IllegalStateException("No cluster.id in " + dataDir.resolve(META_PROPERTIES));
    }
    return id;
  }

  private static Properties read(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return props;
  }

  private static void write(Path file, Properties props) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(writer, null);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }
}
