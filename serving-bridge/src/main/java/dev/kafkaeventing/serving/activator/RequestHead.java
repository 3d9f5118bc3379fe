package dev.kafkaeventing.serving.activator;

import static dev.kafkaeventing.serving.activator.HeadLines.MAX_HEAD;

import dev.kafkaeventing.serving.RevisionId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client's request head read in place for the activator's fast path: only a plain HTTP/1.1
 * keep-alive request in origin form with a {@code Content-Length} or {@code Transfer-Encoding:
 * chunked} body (or none) qualifies; anything else ({@code Upgrade}, {@code Expect}, {@code
 * Connection} other than {@code keep-alive}, HTTP/1.0, obsolete line folding, a bare LF, a
 * malformed or oversized head, duplicate framing headers) is {@link #UNSUPPORTED}, to be decoded by
 * the full HTTP codec as before. Keeps which header lines pass unchanged, so that {@link #upstream}
 * copies them as they are and adds the proxy's own. Immutable once parsed.
 */
final class RequestHead {

  /** The head cannot take the fast path. */
  static final RequestHead UNSUPPORTED = new RequestHead();

  private static final byte[] HTTP_11 = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

  String method;
  String target;
  String host;
  String authorization;
  private String xForwardedFor;
  private String forwarded;
  private boolean hasForwardedProto;
  /** -1 when absent. */
  long contentLength = -1;
  boolean chunked;
  /** Bytes of the head, final CRLF included. */
  int length;
  /** Pairs of [start, end) offsets (from the head's start) of the header lines passed unchanged. */
  private int[] kept = new int[8];
  private int keptCount;

  private RequestHead() {}

  /** Whether the request carries a body to forward. */
  boolean hasBody() {
    return chunked || contentLength > 0;
  }

  /**
   * Reads the head at the buffer's reader index without consuming it: null when it is not complete
   * yet, {@link #UNSUPPORTED} when it must go to the full codec.
   */
  static RequestHead parse(ByteBuf buf) {
    int start = buf.readerIndex();
    int end = Math.min(buf.writerIndex(), start + MAX_HEAD);
    int lf = HeadLines.lineFeed(buf, start, end);
    if (lf < 0) {
      return buf.readableBytes() >= MAX_HEAD ? UNSUPPORTED : null;
    }
    RequestHead head = new RequestHead();
    if (!HeadLines.endsWithCrlf(buf, start, lf) || !head.requestLine(buf, start, lf - 1)) {
      return UNSUPPORTED;
    }
    int line = lf + 1;
    while (true) {
      lf = HeadLines.lineFeed(buf, line, end);
      if (lf < 0) {
        return buf.readableBytes() >= MAX_HEAD ? UNSUPPORTED : null;
      }
      if (!HeadLines.endsWithCrlf(buf, line, lf)) {
        return UNSUPPORTED;
      }
      if (lf == line + 1) {
        head.length = lf + 1 - start;
        return head.chunked && head.contentLength >= 0 ? UNSUPPORTED : head;
      }
      if (!head.field(buf, start, line, lf - 1)) {
        return UNSUPPORTED;
      }
      line = lf + 1;
    }
  }

  /** "METHOD SP origin-form SP HTTP/1.1" in [from, to). */
  private boolean requestLine(ByteBuf buf, int from, int to) {
    int sp1 = buf.indexOf(from, to, (byte) ' ');
    if (sp1 <= from || !HeadLines.isToken(buf, from, sp1) || to - sp1 < 11) {
      return false;
    }
    int sp2 = to - 9;
    for (int i = 0; i < 9; i++) {
      if (buf.getByte(sp2 + i) != HTTP_11[i]) {
        return false;
      }
    }
    if (sp2 <= sp1 + 1 || buf.getByte(sp1 + 1) != '/' || buf.indexOf(sp1 + 1, sp2, (byte) ' ') >= 0
        || !HeadLines.isFieldValue(buf, sp1 + 1, sp2)) {
      return false;
    }
    method = HeadLines.text(buf, from, sp1);
    target = HeadLines.text(buf, sp1 + 1, sp2);
    return !"CONNECT".equals(method);
  }

  /** One header line [from, to) (CRLF excluded); false when the request must go to the full codec. */
  private boolean field(ByteBuf buf, int headStart, int from, int to) {
    int colon = buf.indexOf(from, to, (byte) ':');
    if (colon < 0 || !HeadLines.isToken(buf, from, colon) || !HeadLines.isFieldValue(buf, colon + 1, to)) {
      return false;
    }
    int vs = HeadLines.skipSpaces(buf, colon + 1, to);
    int ve = HeadLines.trimEnd(buf, vs, to);
    switch (colon - from) {
      case 2 -> {
        if (HeadLines.nameIs(buf, from, colon, "te")) {
          return true; // hop-by-hop: dropped
        }
      }
      case 4 -> {
        if (HeadLines.nameIs(buf, from, colon, "host")) {
          if (host != null) {
            return false;
          }
          host = HeadLines.text(buf, vs, ve);
        }
      }
      case 6 -> {
        if (HeadLines.nameIs(buf, from, colon, "expect")) {
          return false;
        }
      }
      case 7 -> {
        if (HeadLines.nameIs(buf, from, colon, "upgrade")) {
          return false;
        }
        if (HeadLines.nameIs(buf, from, colon, "trailer")) {
          return true;
        }
      }
      case 9 -> {
        if (HeadLines.nameIs(buf, from, colon, "forwarded")) {
          forwarded = forwarded == null ? HeadLines.text(buf, vs, ve) : forwarded;
          return true; // rewritten with the client appended
        }
      }
      case 10 -> {
        if (HeadLines.nameIs(buf, from, colon, "connection")) {
          return HeadLines.onlyTokens(buf, vs, ve, "keep-alive");
        }
        if (HeadLines.nameIs(buf, from, colon, "keep-alive")) {
          return true;
        }
      }
      case 13 -> {
        if (HeadLines.nameIs(buf, from, colon, "authorization")) {
          authorization = authorization == null ? HeadLines.text(buf, vs, ve) : authorization;
        }
      }
      case 14 -> {
        if (HeadLines.nameIs(buf, from, colon, "content-length")) {
          long value = HeadLines.decimal(buf, vs, ve);
          if (value < 0 || contentLength >= 0) {
            return false;
          }
          contentLength = value;
        }
      }
      case 15 -> {
        if (HeadLines.nameIs(buf, from, colon, "x-forwarded-for")) {
          xForwardedFor = xForwardedFor == null ? HeadLines.text(buf, vs, ve) : xForwardedFor;
          return true;
        }
        if (HeadLines.nameIs(buf, from, colon, "k-proxy-request")) {
          return true; // set by the activator
        }
      }
      case 16 -> {
        if (HeadLines.nameIs(buf, from, colon, "proxy-connection")) {
          return true;
        }
      }
      case 17 -> {
        if (HeadLines.nameIs(buf, from, colon, "x-forwarded-proto")) {
          hasForwardedProto = true;
        } else if (HeadLines.nameIs(buf, from, colon, "transfer-encoding")) {
          if (chunked || !HeadLines.nameIs(buf, vs, ve, "chunked")) {
            return false;
          }
          chunked = true;
        }
      }
      case 18 -> {
        if (HeadLines.nameIs(buf, from, colon, "proxy-authenticate")) {
          return true;
        }
      }
      case 19 -> {
        if (HeadLines.nameIs(buf, from, colon, "proxy-authorization")) {
          return true;
        }
      }
      case 24, 25 -> {
        if (HeadLines.nameIs(buf, from, colon, "knative-serving-revision")
            || HeadLines.nameIs(buf, from, colon, "knative-serving-namespace")) {
          return true; // set by the activator
        }
      }
      default -> {
        // an end-to-end header: passed unchanged
      }
    }
    keep(from - headStart, to + 2 - headStart);
    return true;
  }

  private void keep(int from, int to) {
    if (keptCount > 0 && kept[keptCount - 1] == from) {
      kept[keptCount - 1] = to;
      return;
    }
    if (keptCount == kept.length) {
      kept = Arrays.copyOf(kept, kept.length * 2);
    }
    kept[keptCount++] = from;
    kept[keptCount++] = to;
  }

  /**
   * The head to send to the replica: the request line with {@code upstreamUri}, the end-to-end
   * header lines as the client sent them, then {@code X-Forwarded-For}, {@code Forwarded}, {@code
   * X-Forwarded-Proto} (when absent), {@code K-Proxy-Request} and Knative's {@code
   * Knative-Serving-Namespace}/{@code -Revision}, as {@link ProxyHeaders} and the full path set them.
   *
   * @param src the buffer the head was parsed from, its reader index still at the head's start
   * @param forwardedElement {@link #forwardedElement} of the client and this head's Host
   */
  ByteBuf upstream(ByteBuf src, ByteBufAllocator alloc, String upstreamUri, String clientIp, String forwardedElement,
      RevisionId revision) {
    ByteBuf out = alloc.directBuffer(length + upstreamUri.length() + 256);
    out.writeCharSequence(method, StandardCharsets.ISO_8859_1);
    out.writeByte(' ');
    out.writeCharSequence(upstreamUri, StandardCharsets.ISO_8859_1);
    out.writeBytes(HTTP_11);
    int start = src.readerIndex();
    for (int i = 0; i < keptCount; i += 2) {
      out.writeBytes(src, start + kept[i], kept[i + 1] - kept[i]);
    }
    header(out, "x-forwarded-for",
        xForwardedFor == null || xForwardedFor.isBlank() ? clientIp : xForwardedFor + ", " + clientIp);
    header(out, "forwarded",
        forwarded == null || forwarded.isBlank() ? forwardedElement : forwarded + ", " + forwardedElement);
    if (!hasForwardedProto) {
      header(out, "x-forwarded-proto", "http");
    }
    header(out, "k-proxy-request", "activator");
    header(out, "knative-serving-namespace", revision.namespace());
    header(out, "knative-serving-revision", revision.name());
    out.writeByte('\r').writeByte('\n');
    return out;
  }

  /** This proxy's {@code Forwarded} element for a client and the request's Host (null when absent). */
  static String forwardedElement(String clientIp, String host) {
    return "for=" + (clientIp.indexOf(':') >= 0 ? "\"[" + clientIp + "]\"" : clientIp)
        + (host == null ? "" : ";host=\"" + host + "\"") + ";proto=http";
  }

  private static void header(ByteBuf out, String name, String value) {
    out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
    out.writeByte(':').writeByte(' ');
    out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
    out.writeByte('\r').writeByte('\n');
  }
}
