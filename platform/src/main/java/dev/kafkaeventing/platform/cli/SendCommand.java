package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code send broker/NAME --type T --source S ...}: posts one binary-mode CloudEvent to the
 * address a Broker, Channel or KafkaSink reports in {@code status.address.url}, like
 * {@code kn event send}. Uses the JDK's HTTP client so that the CLI never loads Netty.
 */
@Command(name = "send", mixinStandardHelpOptions = true, description = {
    "Send one CloudEvent (binary mode) to a Broker, Channel or KafkaSink, at its status.address.url.",
    "Prints the HTTP status and the event id; exits 1 when the answer is not 2xx."})
public final class SendCommand extends AdminCommand {

  private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
  private static final List<String> RESERVED = List.of("specversion", "id", "source", "type", "subject",
      "datacontenttype", "data", "time", "dataschema");
  private static final int TIMEOUT_MILLIS = 30_000;

  @Parameters(index = "0", paramLabel = "broker/NAME|channel/NAME|kafkasink/NAME",
      description = "Where to send, e.g. broker/default.") String target;
  @Option(names = "--type", required = true, description = "The event's type attribute.") String type;
  @Option(names = "--source", required = true, description = "The event's source attribute (a URI reference).") String source;
  @Option(names = "--id", description = "The event's id (default: a random UUID).") String id;
  @Option(names = "--subject", description = "The event's subject attribute.") String subject;
  @Option(names = "--data", paramLabel = "@FILE|JSON|TEXT",
      description = "The event's data: @FILE reads a file; else the text as given.") String data;
  @Option(names = "--content-type", paramLabel = "CT",
      description = "The data's media type (default: application/json when the data parses as JSON, else text/plain).")
  String contentType;
  @Option(names = "--extension", paramLabel = "NAME=VALUE",
      description = "An extension attribute (repeatable), e.g. --extension partitionkey=42.")
  Map<String, String> extensions = new LinkedHashMap<>();
  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the resource (default: ${DEFAULT-VALUE}).") String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    EventTarget to = EventTarget.parse(target, false);
    for (String name : extensions.keySet()) {
      if (!EXTENSION_NAME.matcher(name).matches() || RESERVED.contains(name)) {
        throw new CliException("--extension " + name + ": an extension name is 1-20 lower-case letters or digits"
            + " and not a CloudEvents attribute (" + String.join(", ", RESERVED) + ")");
      }
    }
    byte[] body = data == null ? new byte[0] : body(data);
    String mediaType = contentType != null ? contentType : data == null ? null : isJson(body) ? "application/json"
        : "text/plain";
    JsonNode resource = find(api, to);
    String url = resource.path("status").path("address").path("url").asText("");
    if (url.isEmpty()) {
      throw new CliException(to.kind() + " " + namespace + "/" + to.name() + " has no status.address.url yet"
          + " (is it Ready? see `kafka-eventing describe " + to.kind() + " " + to.name() + " -n " + namespace + "`)");
    }
    String eventId = id != null ? id : UUID.randomUUID().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", eventId);
    headers.put("ce-type", type);
    headers.put("ce-source", source);
    if (subject != null) {
      headers.put("ce-subject", subject);
    }
    extensions.forEach((name, value) -> headers.put("ce-" + name, value));
    if (mediaType != null) {
      headers.put("Content-Type", mediaType);
    }
    post(URI.create(url), headers, body, out, eventId);
  }

  /** The resource, as the first of its candidate kinds that has one of that name. */
  private JsonNode find(AdminApi api, EventTarget to) {
    CliException notFound = null;
    for (String kind : to.kinds()) {
      try {
        return api.get(kind, namespace, to.name());
      } catch (CliException e) {
        if (e.status() != 404) {
          throw e;
        }
        notFound = notFound == null ? e : notFound;
      }
    }
    throw notFound;
  }

  private void post(URI url, Map<String, String> headers, byte[] body, PrintWriter out, String eventId) {
    int status;
    String answer;
    try {
      HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setRequestMethod("POST");
      headers.forEach(connection::setRequestProperty);
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream stream = connection.getOutputStream()) {
        stream.write(body);
      }
      status = connection.getResponseCode();
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        answer = in == null ? "" : new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      throw new CliException("cannot send to " + url + ": " + e);
    }
    if (status < 200 || status >= 300) {
      throw new CliException("event " + eventId + " refused by " + url + ": " + status
          + (answer.isEmpty() ? "" : " " + answer));
    }
    out.println(status + " event " + eventId + " sent to " + url);
  }

  private static byte[] body(String data) {
    if (!data.startsWith("@")) {
      return data.getBytes(StandardCharsets.UTF_8);
    }
    Path file = Path.of(data.substring(1));
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("--data: no such file: " + file);
    } catch (IOException e) {
      throw new CliException("--data: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static boolean isJson(byte[] body) {
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return false;
    }
    try {
      AdminApi.JSON.readTree(body);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
