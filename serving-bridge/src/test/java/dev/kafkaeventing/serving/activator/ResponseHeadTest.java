package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeadTest {

  private static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\n | false | LENGTH | true",
      "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | false | CHUNKED | true",
      "HTTP/1.1 200 OK\\r\\n\\r\\n | false | UNTIL_CLOSE | false",
      "HTTP/1.1 204 No Content\\r\\n\\r\\n | false | NONE | true",
      "HTTP/1.1 304 Not Modified\\r\\nContent-Length: 9\\r\\n\\r\\n | false | NONE | true",
      "HTTP/1.1 200 OK\\r\\nContent-Length: 9\\r\\n\\r\\n | true | NONE | true",
      "HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n | false | NONE | true",
      "HTTP/1.1 200 OK\\r\\nConnection: close\\r\\nContent-Length: 2\\r\\n\\r\\n | false | LENGTH | false",
      "HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\n | false | LENGTH | false",
      "HTTP/1.0 200 OK\\r\\nConnection: keep-alive\\r\\nContent-Length: 2\\r\\n\\r\\n | false | LENGTH | true",
  })
  void shouldFrameTheBodyAndKnowTheConnectionsFateWhenTheHeadIsRead(String text, boolean headRequest,
      ResponseHead.Body body, boolean keepAlive) {
    ByteBuf buf = bytes(text.replace("\\r\\n", "\r\n"));

    ResponseHead head = ResponseHead.parse(buf, headRequest);

    assertThat(head.body).isEqualTo(body);
    assertThat(head.keepAlive).isEqualTo(keepAlive);
    assertThat(head.length).isEqualTo(buf.readableBytes());
    buf.release();
  }

  @Test
  void shouldForwardTheHeadAsItsBytesWhenNothingIsHopByHop() {
    ByteBuf buf = bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");

    ResponseHead head = ResponseHead.parse(buf, false);

    assertThat(head.unchanged()).isTrue();
    buf.release();
  }

  @Test
  void shouldDropHopByHopHeadersAndThoseConnectionNamesWhenRewriting() {
    ByteBuf buf = bytes("HTTP/1.0 200 OK\r\nConnection: keep-alive, X-Secret\r\nKeep-Alive: timeout=5\r\n"
        + "X-Secret: 1\r\nX-App: 2\r\n\r\n");
    ResponseHead head = ResponseHead.parse(buf, false);

    ByteBuf out = head.rewritten(buf, ByteBufAllocator.DEFAULT);

    assertThat(head.unchanged()).isFalse();
    assertThat(head.body).isEqualTo(ResponseHead.Body.UNTIL_CLOSE);
    assertThat(out.toString(StandardCharsets.ISO_8859_1))
        .isEqualTo("HTTP/1.1 200 OK\r\nX-App: 2\r\ntransfer-encoding: chunked\r\n\r\n");
    out.release();
    buf.release();
  }

  @Test
  void shouldWaitForMoreBytesWhenTheHeadIsSplitAnywhere() {
    String text = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
    for (int cut = 0; cut < text.length(); cut++) {
      ByteBuf partial = bytes(text.substring(0, cut));

      assertThat(ResponseHead.parse(partial, false)).as("cut at %d", cut).isNull();

      partial.release();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
      "HTTP/1.1 200 OK\nContent-Length: 2\n\n",
  })
  void shouldReportAMalformedHeadWhenTheReplicaIsNotSpeakingHttp11(String text) {
    ByteBuf buf = bytes(text);

    assertThat(ResponseHead.parse(buf, false)).isSameAs(ResponseHead.MALFORMED);

    buf.release();
  }
}
