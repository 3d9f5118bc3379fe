package dev.kafkaeventing.platform.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code display}: an HTTP server that prints each CloudEvent it receives, as Knative's
 * event-display does, and answers 202 (400 for a message that is not a CloudEvent). Binary,
 * structured and batched modes, decoded by the platform's one codec ({@link CloudEventHttpCodec}).
 * Runs until Ctrl+C (or, in-process, until its thread is interrupted). The options and lifecycle
 * only: the server is {@link EventDisplayServer}, kept apart so that picocli's reflection over this
 * class does not load Netty in the CLI client.
 */
@Command(name = "display", mixinStandardHelpOptions = true,
    description = {"Receive CloudEvents over HTTP and print each one, like Knative's event-display.",
        "Subscribe it, e.g. a Trigger's subscriber uri: http://127.0.0.1:9999. Answers 202."})
public final class DisplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "9999",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EventDisplayServer server;
    try {
      server = EventDisplayServer.start(bind, port, out, spec.commandLine().getErr());
    } catch (IOException e) {
      spec.commandLine().getErr().println("error: cannot listen on " + bind + ":" + port + ": " + e.getMessage()
          + " (choose another with --port)");
      return CliErrors.FAILURE;
    }
    out.println("kafka-eventing display: listening on http://" + bind + ":" + server.port() + " (Ctrl+C to stop)");
    out.flush();
    try (server) {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
