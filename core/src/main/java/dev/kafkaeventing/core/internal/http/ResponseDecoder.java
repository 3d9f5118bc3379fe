package dev.kafkaeventing.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's response decoder with two additions. A response that arrived whole and is plain
 * ({@link PlainResponses}) is read in one step into one full response; the decoder reads the others as it
 * always did, and each response is read entirely by one or the other. And it is told which method the
 * response answers, so that the answer to a HEAD is read without a body whatever its headers say (what
 * {@code HttpClientCodec} did, here without a queue of methods: one exchange at a time runs on a
 * connection). Sits between the socket (or TLS) and the exchange handler. Runs on the connection's event
 * loop.
 */
final class ResponseDecoder extends HttpResponseDecoder {

  private boolean answeringHead;
  /** Whether Netty's decoder is between responses, holding no part of one. */
  private boolean betweenResponses = true;

  ResponseDecoder() {
    super(new HttpDecoderConfig());
  }

  /** The next response answers a request of {@code method}. */
  void expect(HttpMethod method) {
    answeringHead = HttpMethod.HEAD.equals(method);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (betweenResponses) {
      PlainResponses.Result read = PlainResponses.read(buffer, out, answeringHead);
      if (read != PlainResponses.Result.NOT_PLAIN) {
        return;
      }
      betweenResponses = false;
    }
    int before = out.size();
    super.decode(ctx, buffer, out);
    // After a failure Netty's decoder discards what follows: it stays in charge.
    if (out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent last
        && last.decoderResult().isSuccess()) {
      betweenResponses = true;
    }
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    int status = ((HttpResponse) message).status().code();
    if (status == 100) {
      return true;
    }
    return answeringHead && status >= 200 || super.isContentAlwaysEmpty(message);
  }
}
