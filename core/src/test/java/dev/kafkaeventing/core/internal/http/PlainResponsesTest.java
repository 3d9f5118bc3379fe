package dev.kafkaeventing.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ResponseDecoder} must read every response as Netty's own decoder does, whether its one-step read
 * of plain responses takes it or not, however the bytes are split across reads.
 */
class PlainResponsesTest {

  static Stream<String> responses() {
    return Stream.of(
        "HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nce-specversion: 1.0\r\nce-id: 1\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\nHTTP/1.1 503 Busy\r\nRetry-After: 2\r\nContent-Length: 3\r\n\r\nnah",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the connection closes",
        "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\nContent-Length: 1\n\nx",
        "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nX-Spaced: \t a b \t\r\nX-Empty:\r\ncontent-LENGTH:  2 \r\n\r\nab",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\nab",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
        "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Latin: caf\u00e9\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nBad Name: v\r\nContent-Length: 1\r\n\r\nx",
        "\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n",
        "garbage\r\n\r\n",
        "HTTP/1.1 404 Not Found\r\nX-Long: " + "v".repeat(5000) + "\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(2500) + "\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(2500) + "\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\ncut");
  }

  @ParameterizedTest
  @MethodSource("responses")
  void shouldReadAsNettysDecoderDoesWhateverTheSplitWhenGivenAResponse(String response) {
    byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
    List<String> expected = read(HttpResponseDecoder::new, bytes, bytes.length);

    for (int split = 0; split <= bytes.length; split++) {
      assertThat(read(ResponseDecoderForPosts::create, bytes, split)).as("split at %d", split).isEqualTo(expected);
    }
    assertThat(readByteByByte(bytes)).as("byte by byte").isEqualTo(expected);
  }

  @Test
  void shouldReadAWholePlainResponseInOneMessageWhenItArrivedWhole() {
    EmbeddedChannel channel = new EmbeddedChannel(ResponseDecoderForPosts.create());

    channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));

    FullHttpResponse response = channel.readInbound();
    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    response.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void shouldReadAWholePlainResponseInOneMessageWhenItsHeadIsLongerThanTheFirstBytesScanned() {
    EmbeddedChannel channel = new EmbeddedChannel(ResponseDecoderForPosts.create());
    String longValue = "v".repeat(HeadLines.FIRST_COPY + 500);

    channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Length: 2\r\n\r\nok"));

    FullHttpResponse response = channel.readInbound();
    assertThat(response.headers().get("X-Long")).isEqualTo(longValue);
    assertThat(response.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
    response.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void shouldLeaveAResponseToNettysDecoderWhenItsBodyIsStillArriving() {
    EmbeddedChannel channel = new EmbeddedChannel(ResponseDecoderForPosts.create());

    channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"));
    channel.writeInbound(ascii("lo"));

    Object head = channel.readInbound();
    assertThat(head).isInstanceOf(HttpResponse.class).isNotInstanceOf(FullHttpResponse.class);
    StringBuilder body = new StringBuilder();
    Object part;
    while ((part = channel.readInbound()) != null) {
      body.append(((HttpContent) part).content().toString(StandardCharsets.US_ASCII));
      ((HttpContent) part).release();
    }
    assertThat(body).hasToString("hello");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  /** A response decoder for answers to POSTs (no HEAD), as the client runs it. */
  private static final class ResponseDecoderForPosts {
    static ChannelHandler create() {
      ResponseDecoder decoder = new ResponseDecoder();
      decoder.expect(HttpMethod.POST);
      return decoder;
    }
  }

  private static List<String> read(Supplier<ChannelHandler> decoder, byte[] bytes, int split) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
    List<String> seen = new ArrayList<>();
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
    drain(channel, seen);
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
    drain(channel, seen);
    channel.finish();
    drain(channel, seen);
    return normalised(seen);
  }

  private static List<String> readByteByByte(byte[] bytes) {
    EmbeddedChannel channel = new EmbeddedChannel(ResponseDecoderForPosts.create());
    List<String> seen = new ArrayList<>();
    for (byte b : bytes) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
      drain(channel, seen);
    }
    channel.finish();
    drain(channel, seen);
    return normalised(seen);
  }

  /** What the exchange handler sees of each message: the head, the body bytes, the end and any failure. */
  private static void drain(EmbeddedChannel channel, List<String> seen) {
    HttpObject message;
    while ((message = channel.readInbound()) != null) {
      if (message.decoderResult().isFailure()) {
        seen.add("failure");
      }
      if (message instanceof HttpResponse response) {
        List<String> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : response.headers()) {
          headers.add(header.getKey() + "=" + header.getValue());
        }
        seen.add("head " + response.protocolVersion() + " " + response.status().code() + " " + headers);
      }
      if (message instanceof HttpContent content) {
        if (content.content().isReadable()) {
          seen.add("body " + content.content().toString(StandardCharsets.ISO_8859_1));
        }
        if (content instanceof LastHttpContent last) {
          seen.add("end " + last.trailingHeaders().entries());
        }
        content.release();
      }
    }
  }

  /** Adjacent body parts joined: how a body is cut into parts does not matter. */
  private static List<String> normalised(List<String> seen) {
    List<String> joined = new ArrayList<>();
    for (String item : seen) {
      int last = joined.size() - 1;
      if (item.startsWith("body ") && last >= 0 && joined.get(last).startsWith("body ")) {
        joined.set(last, joined.get(last) + item.substring(5));
      } else {
        joined.add(item);
      }
    }
    return joined;
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }
}
