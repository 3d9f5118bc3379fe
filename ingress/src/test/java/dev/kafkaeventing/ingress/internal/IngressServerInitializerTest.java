package dev.kafkaeventing.ingress.internal;

import dev.kafkaeventing.core.ConnectionGuard;
import dev.kafkaeventing.core.ListenerLimits;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The whole connection pipeline, fed raw HTTP/1.1 bytes. */
class IngressServerInitializerTest {

  private static final int MAX_BODY = 64;

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final EmbeddedChannel channel = new EmbeddedChannel(new IngressServerInitializer(
      path -> Optional.of("topic"), new IngressPublisher(producer, Runnable::run), MAX_BODY, Duration.ofSeconds(5),
      new ConnectionGuard("ingress", ListenerLimits.ingressDefaults()),
      new IngressMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry(), () -> 0),
      dev.kafkaeventing.core.tracing.Tracing.OFF));

  @Test
  void shouldAnswer413AndCloseWhenContentLengthExceedsTheLimit() {
    channel.writeInbound(bytes(post("x".repeat(MAX_BODY + 1), "")));

    String response = readAll();

    assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
        .contains("connection: close").endsWith("request body exceeds 64 bytes\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer413AndCloseWhenChunkedBodyExceedsTheLimit() {
    String head = "POST /ns/b HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n" + binaryHeaders() + "\r\n";
    String chunk = Integer.toHexString(40) + "\r\n" + "x".repeat(40) + "\r\n";

    channel.writeInbound(bytes(head + chunk + chunk + "0\r\n\r\n"));

    assertThat(readAll()).startsWith("HTTP/1.1 413 ");
    assertThat(channel.isOpen()).isFalse();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer417AndCloseWhenTheExpectationIsNotSupported() {
    // A client that sends its body anyway must not leave the connection waiting for nothing.
    String body = "{\"specversion\":\"1.0\"}";
    channel.writeInbound(bytes("TRACE /ns/b HTTP/1.2\r\nhost: x\r\ntransfer-encoding: chunked\r\nexpect: 200-ok\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"));

    String response = readAll();

    assertThat(response).isEqualTo("HTTP/1.1 417 Expectation Failed\r\ncontent-length: 0\r\n\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldKeepConnectionOpenWhenClientSendsSeveralRequests() {
    channel.writeInbound(bytes(post("first", "")));
    channel.writeInbound(bytes(post("second", "")));

    String responses = readAll();

    assertThat(responses.split("HTTP/1.1 202 Accepted\r\n", -1)).hasSize(3);
    assertThat(channel.isOpen()).isTrue();
    assertThat(producer.history()).hasSize(2);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldCloseAfterResponseWhenClientAsksToClose() {
    channel.writeInbound(bytes(post("only", "connection: close\r\n")));

    assertThat(readAll()).startsWith("HTTP/1.1 202 Accepted\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer200WithoutBodyWhenHealthIsCheckedWithHead() {
    channel.writeInbound(bytes("HEAD /healthz HTTP/1.1\r\nhost: x\r\n\r\n"));

    String response = readAll();

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
    assertFalse(channel.finishAndReleaseAll());
  }

  private static String post(String body, String extraHeaders) {
    return "POST /ns/b HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: " + body.length()
        + "\r\n" + binaryHeaders() + extraHeaders + "\r\n" + body;
  }

  private static String binaryHeaders() {
    return "ce-specversion: 1.0\r\nce-id: 1\r\nce-source: /s\r\nce-type: t\r\n";
  }

  private static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, US_ASCII);
  }

  private String readAll() {
    StringBuilder out = new StringBuilder();
    for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
      out.append(buf.toString(US_ASCII));
      buf.release();
    }
    return out.toString();
  }
}
