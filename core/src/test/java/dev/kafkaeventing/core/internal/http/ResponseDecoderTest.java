package dev.kafkaeventing.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

  @Test
  void shouldReadNoBodyWhenTheResponseAnswersAHeadThatAnnouncesOne() {
    ResponseDecoder decoder = new ResponseDecoder();
    EmbeddedChannel channel = new EmbeddedChannel(decoder);

    decoder.expect(HttpMethod.HEAD);
    channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
    decoder.expect(HttpMethod.POST);
    channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));

    assertThat((HttpResponse) channel.readInbound()).extracting(r -> r.status().code()).isEqualTo(200);
    assertThat((Object) channel.readInbound()).isInstanceOf(LastHttpContent.class);
    // The answer to the POST arrived whole: one message, head and body.
    FullHttpResponse post = channel.readInbound();
    assertThat(post.status().code()).isEqualTo(200);
    assertThat(post.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    post.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void shouldReadTheFinalResponseWhenA100ContinuePrecedesItOnAHead() {
    ResponseDecoder decoder = new ResponseDecoder();
    EmbeddedChannel channel = new EmbeddedChannel(decoder);

    decoder.expect(HttpMethod.HEAD);
    channel.writeInbound(ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n"));

    assertThat((HttpResponse) channel.readInbound()).extracting(r -> r.status().code()).isEqualTo(100);
    assertThat((Object) channel.readInbound()).isInstanceOf(LastHttpContent.class);
    assertThat((HttpResponse) channel.readInbound()).extracting(r -> r.status().code()).isEqualTo(204);
    assertThat((Object) channel.readInbound()).isInstanceOf(LastHttpContent.class);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  private static io.netty.buffer.ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }
}
