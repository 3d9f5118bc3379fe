package dev.kafkaeventing.platform.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --server} option shared by the commands that talk to a running platform. */
public final class ServerOption {

  @Option(
      names = "--server",
      defaultValue = "${env:KAFKA_EVENTING_SERVER:-http://127.0.0.1:8081}",
      description = "Admin API of the platform; the environment variable KAFKA_EVENTING_SERVER sets it too"
          + " (default: ${DEFAULT-VALUE}).")
  URI server;

  AdminApi connect() {
    return new AdminApi(server);
  }
}
