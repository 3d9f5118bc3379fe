package dev.kafkaeventing.serving.activator;

import static dev.kafkaeventing.core.internal.http.HeadLines.MAX_HEAD;

import dev.kafkaeventing.core.internal.http.HeadLines;
import dev.kafkaeventing.serving.RevisionId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
  private static final byte[] VERSION = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
  /** Methods read without a new string each time. */
  private static final String[] METHODS = {"GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS"};
  private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];

  private static final byte[] TE = HeadLines.lowerName("te");
  private static final byte[] HOST = HeadLines.lowerName("host");
  private static final byte[] EXPECT = HeadLines.lowerName("expect");
  private static final byte[] UPGRADE = HeadLines.lowerName("upgrade");
  private static final byte[] TRAILER = HeadLines.lowerName("trailer");
  private static final byte[] FORWARDED = HeadLines.lowerName("forwarded");
  private static final byte[] CONNECTION = HeadLines.lowerName("connection");
  private static final byte[] KEEP_ALIVE = HeadLines.lowerName("keep-alive");
  private static final byte[] AUTHORIZATION = HeadLines.lowerName("authorization");
  private static final byte[] CONTENT_LENGTH = HeadLines.lowerName("content-length");
  private static final byte[] X_FORWARDED_FOR = HeadLines.lowerName("x-forwarded-for");
  private static final byte[] K_PROXY_REQUEST = HeadLines.lowerName("k-proxy-request");
  private static final byte[] PROXY_CONNECTION = HeadLines.lowerName("proxy-connection");
  private static final byte[] X_FORWARDED_PROTO = HeadLines.lowerName("x-forwarded-proto");
  private static final byte[] TRANSFER_ENCODING = HeadLines.lowerName("transfer-encoding");
  private static final byte[] PROXY_AUTHENTICATE = HeadLines.lowerName("proxy-authenticate");
  private static final byte[] PROXY_AUTHORIZATION = HeadLines.lowerName("proxy-authorization");
  private static final byte[] KNATIVE_SERVING_REVISION = HeadLines.lowerName("knative-serving-revision");
  private static final byte[] KNATIVE_SERVING_NAMESPACE = HeadLines.lowerName("knative-serving-namespace");
  private static final byte[] CHUNKED = HeadLines.lowerName("chunked");

  static {
    for (int i = 0; i < METHODS.length; i++) {
      METHOD_BYTES[i] = METHODS[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

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
  private int methodLength;
  /**
   * The header lines passed unchanged, as [start, end) offsets from the head's start: the first run
   * of adjacent lines in two fields (the only one unless a line is dropped), any further runs in
   * {@code moreKept}, allocated then.
   */
  private int keptFrom = -1;
  private int keptTo;
  private int[] moreKept;
  private int moreKeptCount;

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
    int readable = Math.min(buf.readableBytes(), MAX_HEAD);
    int copied = Math.min(readable, HeadLines.FIRST_COPY);
    RequestHead head = parse(HeadLines.copy(buf, 0, copied), copied);
    if (head == null && copied < readable) {
      head = parse(HeadLines.copy(buf, copied, readable), readable);
    }
    return head == null && buf.readableBytes() >= MAX_HEAD ? UNSUPPORTED : head;
  }

  /** The head at the start of a[0, end): null when it does not end within. */
  private static RequestHead parse(byte[] a, int end) {
    int cr = HeadLines.lineEnd(a, 0, end);
    if (cr == HeadLines.NEED_MORE) {
      return null;
    }
    RequestHead head = new RequestHead();
    if (cr == HeadLines.INVALID || !head.requestLine(a, cr)) {
      return UNSUPPORTED;
    }
    int line = cr + 2;
    while (line < end) {
      if (a[line] == '\r') {
        if (line + 1 == end) {
          return null;
        }
        if (a[line + 1] != '\n') {
          return UNSUPPORTED;
        }
        head.length = line + 2;
        return head.chunked && head.contentLength >= 0 ? UNSUPPORTED : head;
      }
      // A line that starts with SP or HTAB (obsolete folding) or LF is no name: to the full codec.
      int colon = HeadLines.tokenEnd(a, line, end);
      if (colon == HeadLines.NEED_MORE) {
        return null;
      }
      if (colon == line || a[colon] != ':') {
        return UNSUPPORTED;
      }
      cr = HeadLines.lineEnd(a, colon + 1, end);
      if (cr == HeadLines.NEED_MORE) {
        return null;
      }
      if (cr == HeadLines.INVALID || !head.field(a, line, colon, cr)) {
        return UNSUPPORTED;
      }
      line = cr + 2;
    }
    return null;
  }

  /** "METHOD SP origin-form SP HTTP/1.1" in [0, cr), its bytes already checked as field-value bytes. */
  private boolean requestLine(byte[] a, int cr) {
    int sp1 = HeadLines.tokenEnd(a, 0, cr);
    int sp2 = cr - 9;
    if (sp1 <= 0 || a[sp1] != ' ' || sp2 <= sp1 + 1 || a[sp2] != ' ' || !HeadLines.bytesAre(a, sp2 + 1, cr, VERSION)
        || a[sp1 + 1] != '/') {
      return false;
    }
    for (int i = sp1 + 2; i < sp2; i++) {
      if (a[i] == ' ') {
        return false;
      }
    }
    methodLength = sp1;
    method = method(a, sp1);
    target = HeadLines.text(a, sp1 + 1, sp2);
    return !"CONNECT".equals(method);
  }

  private static String method(byte[] a, int end) {
    for (int i = 0; i < METHODS.length; i++) {
      if (HeadLines.bytesAre(a, 0, end, METHOD_BYTES[i])) {
        return METHODS[i];
      }
    }
    return HeadLines.text(a, 0, end);
  }

  /**
   * One header line: its name [from, colon) (a token), its value up to {@code cr} (field-value
   * bytes); false when the request must go to the full codec.
   */
  private boolean field(byte[] a, int from, int colon, int cr) {
    int vs = HeadLines.skipSpaces(a, colon + 1, cr);
    int ve = HeadLines.trimEnd(a, vs, cr);
    switch (colon - from) {
      case 2 -> {
        if (HeadLines.nameIs(a, from, colon, TE)) {
          return true; // hop-by-hop: dropped
        }
      }
      case 4 -> {
        if (HeadLines.nameIs(a, from, colon, HOST)) {
          if (host != null) {
            return false;
          }
          host = HeadLines.text(a, vs, ve);
        }
      }
      case 6 -> {
        if (HeadLines.nameIs(a, from, colon, EXPECT)) {
          return false;
        }
      }
      case 7 -> {
        if (HeadLines.nameIs(a, from, colon, UPGRADE)) {
          return false;
        }
        if (HeadLines.nameIs(a, from, colon, TRAILER)) {
          return true;
        }
      }
      case 9 -> {
        if (HeadLines.nameIs(a, from, colon, FORWARDED)) {
          forwarded = forwarded == null ? HeadLines.text(a, vs, ve) : forwarded;
          return true; // rewritten with the client appended
        }
      }
      case 10 -> {
        if (HeadLines.nameIs(a, from, colon, CONNECTION)) {
          return HeadLines.onlyTokens(a, vs, ve, KEEP_ALIVE);
        }
        if (HeadLines.nameIs(a, from, colon, KEEP_ALIVE)) {
          return true;
        }
      }
      case 13 -> {
        if (HeadLines.nameIs(a, from, colon, AUTHORIZATION)) {
          authorization = authorization == null ? HeadLines.text(a, vs, ve) : authorization;
        }
      }
      case 14 -> {
        if (HeadLines.nameIs(a, from, colon, CONTENT_LENGTH)) {
          long value = HeadLines.decimal(a, vs, ve);
          if (value < 0 || contentLength >= 0) {
            return false;
          }
          contentLength = value;
        }
      }
      case 15 -> {
        if (HeadLines.nameIs(a, from, colon, X_FORWARDED_FOR)) {
          xForwardedFor = xForwardedFor == null ? HeadLines.text(a, vs, ve) : xForwardedFor;
          return true;
        }
        if (HeadLines.nameIs(a, from, colon, K_PROXY_REQUEST)) {
          return true; // set by the activator
        }
      }
      case 16 -> {
        if (HeadLines.nameIs(a, from, colon, PROXY_CONNECTION)) {
          return true;
        }
      }
      case 17 -> {
        if (HeadLines.nameIs(a, from, colon, X_FORWARDED_PROTO)) {
          hasForwardedProto = true;
        } else if (HeadLines.nameIs(a, from, colon, TRANSFER_ENCODING)) {
          if (chunked || !HeadLines.nameIs(a, vs, ve, CHUNKED)) {
            return false;
          }
          chunked = true;
        }
      }
      case 18 -> {
        if (HeadLines.nameIs(a, from, colon, PROXY_AUTHENTICATE)) {
          return true;
        }
      }
      case 19 -> {
        if (HeadLines.nameIs(a, from, colon, PROXY_AUTHORIZATION)) {
          return true;
        }
      }
      case 24, 25 -> {
        if (HeadLines.nameIs(a, from, colon, KNATIVE_SERVING_REVISION)
            || HeadLines.nameIs(a, from, colon, KNATIVE_SERVING_NAMESPACE)) {
          return true; // set by the activator
        }
      }
      default -> {
        // an end-to-end header: passed unchanged
      }
    }
    keep(from, cr + 2);
    return true;
  }

  private void keep(int from, int to) {
    if (keptFrom < 0) {
      keptFrom = from;
      keptTo = to;
    } else if (moreKeptCount == 0 && keptTo == from) {
      keptTo = to;
    } else if (moreKeptCount > 0 && moreKept[moreKeptCount - 1] == from) {
      moreKept[moreKeptCount - 1] = to;
    } else {
      if (moreKept == null) {
        moreKept = new int[8];
      } else if (moreKeptCount == moreKept.length) {
        moreKept = Arrays.copyOf(moreKept, moreKept.length * 2);
      }
      moreKept[moreKeptCount++] = from;
      moreKept[moreKeptCount++] = to;
    }
  }

  /**
   * Whether the proxy's own header lines for this request ({@link #proxyLines}) depend only on the
   * client, the Host and the revision: the client sent no {@code X-Forwarded-For}, {@code
   * Forwarded} nor {@code X-Forwarded-Proto}, so a connection may reuse them from one request to
   * the next.
   */
  boolean plainForwarding() {
    return xForwardedFor == null && forwarded == null && !hasForwardedProto;
  }

  /**
   * The header lines the proxy adds, and the empty line that ends the head: {@code
   * X-Forwarded-For}, {@code Forwarded}, {@code X-Forwarded-Proto} (when absent), {@code
   * K-Proxy-Request} and Knative's {@code Knative-Serving-Namespace}/{@code -Revision}, as {@link
   * ProxyHeaders} and the full path set them.
   *
   * @param forwardedElement {@link #forwardedElement} of the client and this head's Host
   */
  byte[] proxyLines(String clientIp, String forwardedElement, RevisionId revision) {
    ByteBuf lines = Unpooled.buffer(256);
    try {
      writeProxyLines(lines, clientIp, forwardedElement, revision);
      return ByteBufUtil.getBytes(lines);
    } finally {
      lines.release();
    }
  }

  private void writeProxyLines(ByteBuf out, String clientIp, String forwardedElement, RevisionId revision) {
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
  }

  private static void header(ByteBuf out, String name, String value) {
    out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
    out.writeByte(':').writeByte(' ');
    out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
    out.writeByte('\r').writeByte('\n');
  }

  /**
   * The head to send to the replica: the request line with {@code upstreamUri}, the end-to-end
   * header lines as the client sent them, then the proxy's own ({@link #proxyLines}).
   *
   * @param src the buffer the head was parsed from, its reader index still at the head's start
   */
  ByteBuf upstream(ByteBuf src, ByteBufAllocator alloc, String upstreamUri, byte[] proxyLines) {
    ByteBuf out = requestLineAndKeptLines(src, alloc, upstreamUri, proxyLines.length);
    out.writeBytes(proxyLines);
    return out;
  }

  /** As above, with the proxy's lines written for this request. */
  ByteBuf upstream(ByteBuf src, ByteBufAllocator alloc, String upstreamUri, String clientIp, String forwardedElement,
      RevisionId revision) {
    ByteBuf out = requestLineAndKeptLines(src, alloc, upstreamUri, 256);
    writeProxyLines(out, clientIp, forwardedElement, revision);
    return out;
  }

  private ByteBuf requestLineAndKeptLines(ByteBuf src, ByteBufAllocator alloc, String upstreamUri, int more) {
    ByteBuf out = alloc.directBuffer(length + upstreamUri.length() + more);
    int start = src.readerIndex();
    out.writeBytes(src, start, methodLength);
    out.writeByte(' ');
    out.writeCharSequence(upstreamUri, StandardCharsets.ISO_8859_1);
    out.writeBytes(HTTP_11);
    if (keptFrom >= 0) {
      out.writeBytes(src, start + keptFrom, keptTo - keptFrom);
    }
    for (int i = 0; i < moreKeptCount; i += 2) {
      out.writeBytes(src, start + moreKept[i], moreKept[i + 1] - moreKept[i]);
    }
    return out;
  }

  /** This proxy's {@code Forwarded} element for a client and the request's Host (null when absent). */
  static String forwardedElement(String clientIp, String host) {
    return "for=" + (clientIp.indexOf(':') >= 0 ? "\"[" + clientIp + "]\"" : clientIp)
        + (host == null ? "" : ";host=\"" + host + "\"") + ";proto=http";
  }
}
