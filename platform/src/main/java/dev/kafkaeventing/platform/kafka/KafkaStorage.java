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
 * The on-disk side of the embedded broker: formatting a data directory once and remembering
 * what must stay the same across restarts.
 *
 * <p>Formatting writes {@code meta.properties} (which holds the cluster id, so a restart reuses it)
 * and the controller's own address into the metadata log. Kafka copes with a controller that
 * comes back on another port, but only after failed registrations, so the last controller port is
 * kept in {@value #PORTS_FILE} for starts that ask for any free port.
 */
final class KafkaStorage {

  static final String META_PROPERTIES = "meta.properties";
  static final String PORTS_FILE = "embedded-kafka.properties";
  private static final String CONTROLLER_PORT = "controller.port";

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

  /** Records the controller port in use, for {@link #rememberedControllerPort}. */
  static void rememberControllerPort(Path dataDir, int controllerPort) {
    Properties ports = new Properties();
    ports.setProperty(CONTROLLER_PORT, Integer.toString(controllerPort));
    try {
      write(dataDir.resolve(PORTS_FILE), ports);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dataDir.resolve(PORTS_FILE), e);
    }
  }

  /** The controller port used last time, or 0 when unknown. */
  static int rememberedControllerPort(Path dataDir) {
    Path file = dataDir.resolve(PORTS_FILE);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    return Integer.parseInt(read(file).getProperty(CONTROLLER_PORT, "0"));
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
