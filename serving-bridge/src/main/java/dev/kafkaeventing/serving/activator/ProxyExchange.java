package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * One request on the full codec path ({@link ActivatorHandler}), as decoded HTTP objects: the
 * throttling, connection reuse, streaming, back-pressure, timeouts and error answers are the
 * {@link Exchange}'s; this forwards the decoded request head itself (its headers edited in place,
 * not copied), the body's contents as they arrive, and the response's head (hop-by-hop headers
 * pruned, re-framed chunked when its length is unknown) and contents as {@link UpstreamHandler}
 * decodes them.
 *
 * <p>Confined to the client connection's event loop.
 */
final class ProxyExchange extends Exchange<UpstreamHandler> {

  private static final AsciiString K_PROXY_REQUEST = AsciiString.cached("k-proxy-request");
  private static final AsciiString ACTIVATOR = AsciiString.cached("activator");
  private static final AsciiString SERVING_NAMESPACE = AsciiString.cached("knative-serving-namespace");
  private static final AsciiString SERVING_REVISION = AsciiString.cached("knative-serving-revision");

  private final HttpRequest request;
  private final String upstreamUri;
  private final String clientIp;
  private boolean upstreamKeepAlive;

  ProxyExchange(ChannelHandlerContext ctx, ActivatorHandler owner, HttpRequest request, String upstreamUri,
      RevisionId revision, RevisionThrottler throttler, Bootstrap backends) {
    super(ctx, owner, HttpUtil.isKeepAlive(request), false, revision, throttler, backends);
    this.request = request;
    this.upstreamUri = upstreamUri;
    this.clientIp = owner.clientIp();
  }

  @Override
  UpstreamHandler newUpstream() {
    return new UpstreamHandler(this);
  }

  @Override
  void attach(UpstreamHandler idle) {
    idle.use(this);
  }

  @Override
  void initUpstream(ChannelPipeline pipeline, UpstreamHandler handler) {
    pipeline.addLast("http", new HttpClientCodec());
    super.initUpstream(pipeline, handler);
  }

  /** The client's request head, edited in place into the replica's (it is written once, then not used again). */
  @Override
  HttpRequest upstreamHead() {
    HttpHeaders headers = request.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    String host = headers.get(HttpHeaderNames.HOST);
    ProxyHeaders.prune(headers);
    if (chunked) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    ProxyHeaders.forwarded(headers, clientIp, host);
    headers.set(K_PROXY_REQUEST, ACTIVATOR);
    headers.set(SERVING_NAMESPACE, revision.namespace());
    headers.set(SERVING_REVISION, revision.name());
    request.setUri(upstreamUri);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    return request;
  }

  /** Request body from the client, in order. */
  void requestContent(HttpContent content) {
    forwardRequest(content, content instanceof LastHttpContent);
  }

  void responseHead(HttpResponse response) {
    if (finished()) {
      return;
    }
    responseStarted();
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    ProxyHeaders.prune(response.headers());
    boolean bodyless = request.method().equals(HttpMethod.HEAD) || response.status().code() < 200
        || response.status().code() == 204 || response.status().code() == 304;
    if (!bodyless && (chunked || !HttpUtil.isContentLengthSet(response))) {
      HttpUtil.setTransferEncodingChunked(response, true);
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    forwardResponse(response);
  }

  void responseContent(HttpContent content) {
    if (!(content instanceof LastHttpContent)) {
      forwardResponse(content);
      return;
    }
    if (finished()) {
      ReferenceCountUtil.release(content);
      return;
    }
    ChannelFuture written = ctx.writeAndFlush(content);
    responseComplete(upstreamKeepAlive, written);
  }

  @Override
  FullHttpResponse errorResponse(HttpResponseStatus status, String reason) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (status == HttpResponseStatus.SERVICE_UNAVAILABLE) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    return response;
  }
}
