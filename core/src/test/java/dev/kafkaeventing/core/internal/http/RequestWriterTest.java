package dev.kafkaeventing.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.HttpRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RequestWriterTest {

  private static final AsciiString HOST = AsciiString.cached("example.com:8080");
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("a POST with headers of every kind", HttpRequest.post(URI.create("http://example.com:8080/a/b?x=1&y=%20"),
            headers("Kn-Namespace", "ns", "ce-id", "evt%201", "X-Latin", "caf\u00e9", "X-Wide", "\u20ac"),
            "{\"n\":1}".getBytes(StandardCharsets.UTF_8), TIMEOUT)),
        Arguments.of("a POST naming its own Host, Content-Length and Transfer-Encoding",
            HttpRequest.post(URI.create("http://example.com:8080/"),
                headers("Content-Length", "99", "Host", "other.example", "Transfer-Encoding", "chunked", "A", "b"),
                new byte[300], TIMEOUT)),
        Arguments.of("a POST without a body", HttpRequest.post(URI.create("http://example.com:8080"), null, null, TIMEOUT)),
        Arguments.of("a GET without a body", HttpRequest.get(URI.create("http://example.com:8080/status"),
            headers("Accept", "*/*", "content-length", "5"), TIMEOUT)),
        Arguments.of("a GET with a body", new HttpRequest(HttpMethod.GET, URI.create("http://example.com:8080/q"),
            null, new byte[] {1, 2, 3}, TIMEOUT)),
        Arguments.of("a HEAD", new HttpRequest(HttpMethod.HEAD, URI.create("http://example.com:8080/h"),
            null, null, TIMEOUT)),
        Arguments.of("a target with characters left unescaped by URI",
            HttpRequest.post(URI.create("http://example.com:8080/caf\u00e9?q=\u00fc"), null, new byte[10], TIMEOUT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void shouldWriteWhatNettysEncoderWroteWhenGivenARequest(String description, HttpRequest request) {
    String expected = nettyEncoded(request);

    ByteBuf written = RequestWriter.write(ByteBufAllocator.DEFAULT, request, HOST);

    try {
      assertThat(written.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    } finally {
      written.release();
    }
  }

  @Test
  void shouldLeaveTheRequestsHeadersAsTheyWereWhenWritingIt() {
    HttpHeaders headers = headers("Transfer-Encoding", "chunked", "A", "b");
    HttpRequest request = HttpRequest.post(URI.create("http://example.com:8080/"), headers, new byte[3], TIMEOUT);

    RequestWriter.write(ByteBufAllocator.DEFAULT, request, HOST).release();

    assertThat(headers.names()).containsExactly("Transfer-Encoding", "A");
  }

  @Test
  void shouldWriteHeaderLinesWhereTheyWereAddedWhenHeadersHoldThem() {
    HttpHeaders event = DefaultHttpHeadersFactory.headersFactory().newHeaders()
        .add("ce-id", "1").add("ce-source", "/s").add("content-type", "text/plain");
    HandedOverHeaders headers = new HandedOverHeaders();
    headers.set("Kn-Namespace", "ns");
    headers.addLines(HeaderLines.of(event));
    headers.set("Authorization", "Bearer t");
    HttpRequest request = HttpRequest.post(URI.create("http://example.com:8080/p"), headers, new byte[] {'x'}, TIMEOUT);

    ByteBuf written = RequestWriter.write(ByteBufAllocator.DEFAULT, request, HOST);

    try {
      assertThat(written.toString(StandardCharsets.ISO_8859_1)).isEqualTo("POST /p HTTP/1.1\r\n"
          + "Kn-Namespace: ns\r\n"
          + "ce-id: 1\r\n"
          + "ce-source: /s\r\n"
          + "content-type: text/plain\r\n"
          + "Authorization: Bearer t\r\n"
          + "host: example.com:8080\r\n"
          + "content-length: 1\r\n"
          + "\r\n"
          + "x");
    } finally {
      written.release();
    }
  }

  @Test
  void shouldReadAsTheLinesItHoldsWhenHeaderLinesAreSeenAsText() {
    HeaderLines lines = HeaderLines.of(DefaultHttpHeadersFactory.headersFactory().newHeaders().add("ce-id", "1"));

    String text = lines.toString();

    assertThat(text).isEqualTo("ce-id: 1\r\n");
    assertThat(lines.length()).isEqualTo(text.length());
    assertThat(lines.subSequence(0, 5).toString()).isEqualTo("ce-id");
  }

  /** The bytes the client wrote before: the request's headers copied, completed and encoded by Netty. */
  private static String nettyEncoded(HttpRequest request) {
    URI uri = request.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    headers.add(request.headers());
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (!headers.contains(HttpHeaderNames.HOST)) {
      headers.set(HttpHeaderNames.HOST, HOST);
    }
    boolean bodyless = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    if (request.body().length > 0 || !bodyless) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
    } else {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestEncoder());
    channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), target,
        Unpooled.wrappedBuffer(request.body()), headers, EmptyHttpHeaders.INSTANCE));
    ByteBuf all = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      all.writeBytes(part);
      part.release();
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  private static HttpHeaders headers(String... namesAndValues) {
    HttpHeaders headers = new DefaultHttpHeaders(false);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
