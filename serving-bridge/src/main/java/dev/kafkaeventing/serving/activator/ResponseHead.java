package dev.kafkaeventing.serving.activator;

import static dev.kafkaeventing.core.internal.http.HeadLines.MAX_HEAD;

import dev.kafkaeventing.core.internal.http.HeadLines;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A replica's response head read in place for the activator's fast path: the status, whether the
 * replica keeps the connection open, how the body is framed (none, {@code Content-Length}, chunked,
 * or until the replica closes), and whether the head can pass as it is. Hop-by-hop headers
 * ({@code Connection} and the headers it names, {@code Keep-Alive}, {@code Proxy-*}, {@code TE},
 * {@code Trailer}, {@code Upgrade}) are dropped and an HTTP/1.0 status line becomes HTTP/1.1, as
 * the full path does; a body framed by the close of the connection is re-framed chunked, so the
 * client's connection stays open. Immutable once parsed.
 */
final class ResponseHead {

  /** How the body ends. */
  enum Body { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

  /** The replica's head is not valid HTTP/1.1 (or is too long): the exchange fails with 502. */
  static final ResponseHead MALFORMED = new ResponseHead();

  private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TE = HeadLines.lowerName("te");
  private static final byte[] TRAILER = HeadLines.lowerName("trailer");
  private static final byte[] UPGRADE = HeadLines.lowerName("upgrade");
  private static final byte[] CONNECTION = HeadLines.lowerName("connection");
  private static final byte[] KEEP_ALIVE = HeadLines.lowerName("keep-alive");
  private static final byte[] CONTENT_LENGTH = HeadLines.lowerName("content-length");
  private static final byte[] PROXY_CONNECTION = HeadLines.lowerName("proxy-connection");
  private static final byte[] TRANSFER_ENCODING = HeadLines.lowerName("transfer-encoding");
  private static final byte[] PROXY_AUTHENTICATE = HeadLines.lowerName("proxy-authenticate");
  private static final byte[] PROXY_AUTHORIZATION = HeadLines.lowerName("proxy-authorization");
  private static final byte[] CHUNKED = HeadLines.lowerName("chunked");
  private static final byte[][] HOP_BY_HOP = {CONNECTION, KEEP_ALIVE, PROXY_AUTHENTICATE, PROXY_AUTHORIZATION,
      PROXY_CONNECTION, TE, TRAILER, UPGRADE};

  int status;
  boolean keepAlive;
  Body body;
  long contentLength = -1;
  /** Bytes of the head, final CRLF included. */
  int length;
  private boolean http10;
  private boolean closeToken;
  private boolean keepAliveToken;
  private boolean chunked;
  /** Whether a hop-by-hop header other than Connection (which sets connectionTokens) was seen. */
  private boolean hopByHop;
  /** Tokens of the Connection headers, lower case; null when none. */
  private String[] connectionTokens;
  private int statusLineEnd;

  private ResponseHead() {}

  /**
   * Reads the head at the reader index without consuming it: null when incomplete, {@link
   * #MALFORMED} when invalid. {@code headRequest}: the request was a HEAD (no body follows).
   */
  static ResponseHead parse(ByteBuf buf, boolean headRequest) {
    int readable = Math.min(buf.readableBytes(), MAX_HEAD);
    int copied = Math.min(readable, HeadLines.FIRST_COPY);
    ResponseHead head = parse(HeadLines.copy(buf, 0, copied), copied, headRequest);
    if (head == null && copied < readable) {
      head = parse(HeadLines.copy(buf, copied, readable), readable, headRequest);
    }
    return head == null && buf.readableBytes() >= MAX_HEAD ? MALFORMED : head;
  }

  /** The head at the start of a[0, end): null when it does not end within. */
  private static ResponseHead parse(byte[] a, int end, boolean headRequest) {
    int cr = HeadLines.lineEnd(a, 0, end);
    if (cr == HeadLines.NEED_MORE) {
      return null;
    }
    ResponseHead head = new ResponseHead();
    if (cr == HeadLines.INVALID || !head.statusLine(a, cr)) {
      return MALFORMED;
    }
    head.statusLineEnd = cr + 2;
    int line = cr + 2;
    while (line < end) {
      if (a[line] == '\r') {
        if (line + 1 == end) {
          return null;
        }
        if (a[line + 1] != '\n') {
          return MALFORMED;
        }
        head.length = line + 2;
        return head.framing(headRequest) ? head : MALFORMED;
      }
      int colon = HeadLines.tokenEnd(a, line, end);
      if (colon == HeadLines.NEED_MORE) {
        return null;
      }
      if (colon == line || a[colon] != ':') {
        return MALFORMED;
      }
      cr = HeadLines.lineEnd(a, colon + 1, end);
      if (cr == HeadLines.NEED_MORE) {
        return null;
      }
      if (cr == HeadLines.INVALID || !head.field(a, line, colon, cr)) {
        return MALFORMED;
      }
      line = cr + 2;
    }
    return null;
  }

  /** "HTTP/1.x SP 3DIGIT [SP reason]" in [0, to), its bytes already checked as field-value bytes. */
  private boolean statusLine(byte[] a, int to) {
    if (to < 12 || a[8] != ' ' || !HeadLines.bytesAre(a, 0, HTTP_1.length, HTTP_1)) {
      return false;
    }
    byte minor = a[7];
    if (minor != '0' && minor != '1') {
      return false;
    }
    http10 = minor == '0';
    long code = HeadLines.decimal(a, 9, 12);
    if (code < 100 || code > 999 || (to > 12 && a[12] != ' ')) {
      return false;
    }
    status = (int) code;
    return status != 101;
  }

  /** One header line: its name [from, colon) (a token), its value up to {@code cr} (field-value bytes). */
  private boolean field(byte[] a, int from, int colon, int cr) {
    int vs = HeadLines.skipSpaces(a, colon + 1, cr);
    int ve = HeadLines.trimEnd(a, vs, cr);
    switch (colon - from) {
      case 14 -> {
        if (HeadLines.nameIs(a, from, colon, CONTENT_LENGTH)) {
          long value = HeadLines.decimal(a, vs, ve);
          if (value < 0 || (contentLength >= 0 && contentLength != value)) {
            return false;
          }
          contentLength = value;
        }
      }
      case 17 -> {
        if (HeadLines.nameIs(a, from, colon, TRANSFER_ENCODING)) {
          if (chunked || !HeadLines.nameIs(a, vs, ve, CHUNKED)) {
            return false; // other codings are not proxied (the full path cannot frame them either)
          }
          chunked = true;
        }
      }
      case 10 -> {
        if (HeadLines.nameIs(a, from, colon, CONNECTION)) {
          connection(HeadLines.text(a, vs, ve));
        } else {
          hopByHop |= HeadLines.nameIs(a, from, colon, KEEP_ALIVE);
        }
      }
      case 2, 7, 16, 18, 19 -> hopByHop |= isHopByHop(a, from, colon);
      default -> {
        // an end-to-end header
      }
    }
    return true;
  }

  private void connection(String value) {
    String[] tokens = value.toLowerCase(Locale.ROOT).split(",");
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = tokens[i].trim();
      closeToken |= tokens[i].equals("close");
      keepAliveToken |= tokens[i].equals("keep-alive");
    }
    if (connectionTokens == null) {
      connectionTokens = tokens;
    } else {
      String[] all = Arrays.copyOf(connectionTokens, connectionTokens.length + tokens.length);
      System.arraycopy(tokens, 0, all, connectionTokens.length, tokens.length);
      connectionTokens = all;
    }
  }

  private boolean framing(boolean headRequest) {
    if (chunked && contentLength >= 0) {
      return false;
    }
    keepAlive = http10 ? keepAliveToken && !closeToken : !closeToken;
    if (headRequest || status < 200 || status == 204 || status == 304) {
      body = Body.NONE;
    } else if (chunked) {
      body = Body.CHUNKED;
    } else if (contentLength >= 0) {
      body = contentLength == 0 ? Body.NONE : Body.LENGTH;
    } else {
      body = Body.UNTIL_CLOSE;
      keepAlive = false;
    }
    return true;
  }

  private static boolean isHopByHop(byte[] a, int from, int to) {
    for (byte[] name : HOP_BY_HOP) {
      if (HeadLines.nameIs(a, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the header line whose name is [from, colon) is dropped when forwarding. */
  private boolean dropped(byte[] a, int from, int colon) {
    if (isHopByHop(a, from, colon)) {
      return true;
    }
    if (connectionTokens != null) {
      for (String name : connectionTokens) {
        if (HeadLines.nameIsAnyCase(a, from, colon, name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the head passes to the client as its bytes (nothing to drop, add or rewrite). */
  boolean unchanged() {
    return !http10 && !hopByHop && connectionTokens == null && body != Body.UNTIL_CLOSE;
  }

  /**
   * The head to send to the client: the status line as HTTP/1.1, the end-to-end header lines as the
   * replica sent them, and {@code Transfer-Encoding: chunked} when the body ends with the connection.
   */
  ByteBuf rewritten(ByteBuf src, ByteBufAllocator alloc) {
    // The uncommon case: the head is copied out again and its lines found again (they were checked when parsed).
    byte[] a = new byte[length];
    src.getBytes(src.readerIndex(), a);
    ByteBuf out = alloc.directBuffer(length + 32);
    out.writeCharSequence("HTTP/1.1", StandardCharsets.US_ASCII);
    out.writeBytes(a, 8, statusLineEnd - 8);
    for (int line = statusLineEnd; line < length - 2; ) {
      int colon = line;
      while (a[colon] != ':') {
        colon++;
      }
      int next = colon;
      while (a[next] != '\n') {
        next++;
      }
      next++;
      if (!dropped(a, line, colon)) {
        out.writeBytes(a, line, next - line);
      }
      line = next;
    }
    if (body == Body.UNTIL_CLOSE) {
      out.writeCharSequence("transfer-encoding: chunked\r\n", StandardCharsets.US_ASCII);
    }
    out.writeByte('\r').writeByte('\n');
    return out;
  }
}
