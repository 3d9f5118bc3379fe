package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.internal.http.HeadLines;
import dev.kafkaeventing.serving.RevisionId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadTest {

  private static final RevisionId REVISION = new RevisionId("ns", "svc-00001");

  private static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @Test
  void shouldReadTargetHostAndLengthWhenThePlainHeadIsComplete() {
    ByteBuf buf = bytes("POST /ns/svc/a?x=1 HTTP/1.1\r\nHost: svc.ns.example.com\r\nContent-Length: 5\r\n\r\nhello");

    RequestHead head = RequestHead.parse(buf);

    assertThat(head).isNotSameAs(RequestHead.UNSUPPORTED);
    assertThat(head.method).isEqualTo("POST");
    assertThat(head.target).isEqualTo("/ns/svc/a?x=1");
    assertThat(head.host).isEqualTo("svc.ns.example.com");
    assertThat(head.contentLength).isEqualTo(5);
    assertThat(head.length).isEqualTo(buf.readableBytes() - 5);
    assertThat(buf.readerIndex()).isZero();
    buf.release();
  }

  @Test
  void shouldWaitForMoreBytesWhenTheHeadIsSplitAnywhere() {
    String text = "GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n";
    for (int cut = 0; cut < text.length(); cut++) {
      ByteBuf partial = bytes(text.substring(0, cut));

      assertThat(RequestHead.parse(partial)).as("cut at %d", cut).isNull();

      partial.release();
    }
    ByteBuf whole = bytes(text);
    assertThat(RequestHead.parse(whole).length).isEqualTo(text.length());
    whole.release();
  }

  @Test
  void shouldParseTheSecondOfTwoPipelinedRequestsFromItsOwnStart() {
    ByteBuf buf = bytes("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
    RequestHead first = RequestHead.parse(buf);
    buf.skipBytes(first.length);

    RequestHead second = RequestHead.parse(buf);

    assertThat(second.target).isEqualTo("/b");
    assertThat(buf.readerIndex() + second.length).isEqualTo(buf.writerIndex());
    buf.release();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET / HTTP/1.0\r\nHost: h\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Private\r\n\r\n",
      "GET / HTTP/1.1\nHost: h\n\n",
      "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
      "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n",
      "CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
      "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
  })
  void shouldLeaveTheRequestToTheFullCodecWhenItIsNotPlainKeepAliveHttp11(String text) {
    ByteBuf buf = bytes(text);

    assertThat(RequestHead.parse(buf)).isSameAs(RequestHead.UNSUPPORTED);

    buf.release();
  }

  @Test
  void shouldLeaveAnOversizedHeadToTheFullCodecWhenItHasNoEndWithinTheLimit() {
    ByteBuf buf = bytes("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(HeadLines.MAX_HEAD) + "\r\n\r\n");

    assertThat(RequestHead.parse(buf)).isSameAs(RequestHead.UNSUPPORTED);

    buf.release();
  }

  @Test
  void shouldWaitForMoreBytesWhenAHeadWithLongValuesIsSplitAnywhere() {
    String text = "POST /ns/svc/a?query=0123456789 HTTP/1.1\r\nHost: svc.ns.example.com:8082\r\n"
        + "User-Agent: bench\tclient/1.0 (\u00e9t\u00e9)\r\nce-source: /bench/source/with/a/long/path\r\n"
        + "Content-Length: 3\r\n\r\n";
    for (int cut = 0; cut < text.length(); cut++) {
      ByteBuf partial = bytes(text.substring(0, cut));

      assertThat(RequestHead.parse(partial)).as("cut at %d", cut).isNull();

      partial.release();
    }
    ByteBuf whole = bytes(text + "abc");
    RequestHead head = RequestHead.parse(whole);
    assertThat(head.length).isEqualTo(text.length());
    assertThat(head.host).isEqualTo("svc.ns.example.com:8082");
    assertThat(head.contentLength).isEqualTo(3);
    whole.release();
  }

  @Test
  void shouldReadAHeadLongerThanTheFirstCopyWhenItEndsAnywhereAroundIt() {
    for (int padding = HeadLines.FIRST_COPY - 60; padding <= HeadLines.FIRST_COPY + 20; padding++) {
      String text = "GET /a HTTP/1.1\r\nHost: h\r\nX-Pad: " + "p".repeat(padding) + "\r\nX-After: 1\r\n\r\n";
      ByteBuf buf = bytes(text + "GET /next HTTP/1.1\r\n");

      RequestHead head = RequestHead.parse(buf);

      assertThat(head).as("padding %d", padding).isNotNull().isNotSameAs(RequestHead.UNSUPPORTED);
      assertThat(head.length).isEqualTo(text.length());
      ByteBuf out = head.upstream(buf, ByteBufAllocator.DEFAULT, "/a", "127.0.0.1", "for=127.0.0.1", REVISION);
      assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("\r\nX-Pad: " + "p".repeat(padding) + "\r\n")
          .contains("\r\nX-After: 1\r\n");
      out.release();
      buf.release();
    }
  }

  @Test
  void shouldWaitForTheRestWhenALongHeadIsCutAfterTheFirstCopy() {
    String text = "GET /a HTTP/1.1\r\nHost: h\r\nX-Pad: " + "p".repeat(HeadLines.FIRST_COPY) + "\r\n\r\n";
    for (int cut = HeadLines.FIRST_COPY - 4; cut < text.length(); cut++) {
      ByteBuf partial = bytes(text.substring(0, cut));

      assertThat(RequestHead.parse(partial)).as("cut at %d", cut).isNull();

      partial.release();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX-Long: abcdefghijklmnopq\u007Frstuvwxyz\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\nX-B: 2\r\n\r\n",
      "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
      "GET / HTTP/1.1\r\n: h\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\n\tfolded\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\n\rX\r\n\r\n",
      "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n",
      "G\u00c9T / HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET / HTTP/1.10\r\nHost: h\r\n\r\n",
  })
  void shouldLeaveTheRequestToTheFullCodecWhenALineHoldsAByteThatDoesNotBelong(String text) {
    ByteBuf buf = bytes(text);

    assertThat(RequestHead.parse(buf)).isSameAs(RequestHead.UNSUPPORTED);

    buf.release();
  }

  @Test
  void shouldBuildTheSameUpstreamHeadFromKeptProxyLinesWhenTheClientSentNoForwardingHeaders() {
    ByteBuf buf = bytes("GET /ns/svc/x HTTP/1.1\r\nHost: h\r\nTE: trailers\r\nX-App: 1\r\n\r\n");
    RequestHead head = RequestHead.parse(buf);
    byte[] kept = head.proxyLines("10.1.1.1", RequestHead.forwardedElement("10.1.1.1", "h"), REVISION);

    ByteBuf fromKept = head.upstream(buf, ByteBufAllocator.DEFAULT, "/x", kept);
    ByteBuf fresh = head.upstream(buf, ByteBufAllocator.DEFAULT, "/x", "10.1.1.1",
        RequestHead.forwardedElement("10.1.1.1", "h"), REVISION);

    assertThat(head.plainForwarding()).isTrue();
    assertThat(head.method).isSameAs("GET");
    assertThat(fromKept.toString(StandardCharsets.ISO_8859_1)).isEqualTo(fresh.toString(StandardCharsets.ISO_8859_1))
        .startsWith("GET /x HTTP/1.1\r\nHost: h\r\nX-App: 1\r\nx-forwarded-for: 10.1.1.1\r\n");
    fromKept.release();
    fresh.release();
    buf.release();
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Forwarded-For: 1.2.3.4", "Forwarded: for=1.2.3.4", "X-Forwarded-Proto: https"})
  void shouldNotReuseProxyLinesWhenTheClientSentForwardingHeaders(String header) {
    ByteBuf buf = bytes("GET / HTTP/1.1\r\nHost: h\r\n" + header + "\r\n\r\n");

    RequestHead head = RequestHead.parse(buf);

    assertThat(head.plainForwarding()).isFalse();
    buf.release();
  }

  @Test
  void shouldDropHopByHopAndAddProxyHeadersWhenBuildingTheUpstreamHead() {
    ByteBuf buf = bytes("POST /ns/svc/x HTTP/1.1\r\nHost: svc.ns.example.com\r\nConnection: keep-alive\r\n"
        + "Keep-Alive: timeout=5\r\nX-Forwarded-For: 10.0.0.1\r\nTE: trailers\r\nK-Proxy-Request: forged\r\n"
        + "Knative-Serving-Revision: forged\r\nTransfer-Encoding: chunked\r\nX-App: 1\r\n\r\n");
    RequestHead head = RequestHead.parse(buf);

    ByteBuf out = head.upstream(buf, ByteBufAllocator.DEFAULT, "/x", "127.0.0.1",
        RequestHead.forwardedElement("127.0.0.1", head.host), REVISION);

    assertThat(head.chunked).isTrue();
    assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("POST /x HTTP/1.1\r\n"
        + "Host: svc.ns.example.com\r\nTransfer-Encoding: chunked\r\nX-App: 1\r\n"
        + "x-forwarded-for: 10.0.0.1, 127.0.0.1\r\n"
        + "forwarded: for=127.0.0.1;host=\"svc.ns.example.com\";proto=http\r\n"
        + "x-forwarded-proto: http\r\nk-proxy-request: activator\r\n"
        + "knative-serving-namespace: ns\r\nknative-serving-revision: svc-00001\r\n\r\n");
    out.release();
    buf.release();
  }

  @Test
  void shouldQuoteAnIpv6ClientAndAppendToForwardedWhenOneIsPresent() {
    ByteBuf buf = bytes("GET / HTTP/1.1\r\nForwarded: for=1.2.3.4\r\n\r\n");
    RequestHead head = RequestHead.parse(buf);

    ByteBuf out = head.upstream(buf, ByteBufAllocator.DEFAULT, "/", "::1", RequestHead.forwardedElement("::1", null),
        REVISION);

    assertThat(out.toString(StandardCharsets.ISO_8859_1))
        .contains("\r\nforwarded: for=1.2.3.4, for=\"[::1]\";proto=http\r\n")
        .contains("\r\nx-forwarded-for: ::1\r\n");
    out.release();
    buf.release();
  }
}
