package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.platform.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code display}: receives CloudEvents in every content mode and prints them like Knative's event-display. */
class CliDisplayTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger exitCode = new AtomicInteger(-1);
  private Thread display;
  private String url;

  @BeforeEach
  void start() {
    display = new Thread(() -> exitCode.set(Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute("display", "--port", "0")), "display");
    display.start();
    Pattern listening = Pattern.compile("listening on (http://\\S+)");
    await().atMost(Duration.ofSeconds(10)).until(() -> listening.matcher(out.toString()).find());
    Matcher matcher = listening.matcher(out.toString());
    matcher.find();
    url = matcher.group(1);
  }

  @AfterEach
  void stop() throws InterruptedException {
    display.interrupt();
    display.join(10_000);
    assertThat(exitCode.get()).isZero();
  }

  @Test
  void shouldPrintTheEventLikeEventDisplayWhenABinaryEventArrives() {
    HttpResponse<String> response = PlatformHarness.post(url, Map.of("ce-specversion", "1.0", "ce-id", "e1",
        "ce-source", "/it", "ce-type", "greeting", "ce-subject", "hi", "ce-myext", "v",
        "content-type", "application/json"), "{\"msg\":\"hello\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString().contains("Data,"));
    assertThat(out.toString()).contains("""
        ☁️  cloudevents.Event
        Validation: valid
        Context Attributes,
          specversion: 1.0
          type: greeting
          source: /it
          subject: hi
          id: e1
          datacontenttype: application/json
        Extensions,
          myext: v
        Data,
          {
            "msg": "hello"
          }
        """);
  }

  @Test
  void shouldPrintEveryEventWhenStructuredAndBatchedEventsArrive() {
    HttpResponse<String> structured = PlatformHarness.post(url,
        Map.of("content-type", "application/cloudevents+json"),
        "{\"specversion\":\"1.0\",\"id\":\"s1\",\"source\":\"/it\",\"type\":\"t\",\"data\":\"plain\"}"
            .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> batch = PlatformHarness.post(url,
        Map.of("content-type", "application/cloudevents-batch+json"),
        ("[{\"specversion\":\"1.0\",\"id\":\"b1\",\"source\":\"/it\",\"type\":\"t\"},"
            + "{\"specversion\":\"1.0\",\"id\":\"b2\",\"source\":\"/it\",\"type\":\"t\"}]").getBytes(StandardCharsets.UTF_8));

    assertThat(structured.statusCode()).isEqualTo(202);
    assertThat(batch.statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString().contains("id: b2"));
    assertThat(out.toString().split("☁️  cloudevents.Event", -1)).hasSize(4);
    assertThat(out.toString()).contains("id: s1").contains("id: b1").contains("Data,\n  \"plain\"\n");
  }

  @Test
  void shouldAnswer400AndSayWhyWhenTheRequestIsNotACloudEvent() {
    HttpResponse<String> response = PlatformHarness.post(url, Map.of("content-type", "text/plain"),
        "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("not a CloudEvent");
    await().atMost(Duration.ofSeconds(5)).until(() -> err.toString().contains("not a CloudEvent"));
    assertThat(out.toString()).doesNotContain("cloudevents.Event");
  }
}
