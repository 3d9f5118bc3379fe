package dev.kafkaeventing.serving.activator;

import static dev.kafkaeventing.serving.activator.HeadLines.MAX_HEAD;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
  private static final String[] HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "upgrade"};

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
  /** Pairs of [start, end) offsets from the head's start: every header line. */
  private int[] lines = new int[16];
  private int lineCount;
  private int statusLineEnd;

  private ResponseHead() {}

  /**
   * Reads the head at the reader index without consuming it: null when incomplete, {@link
   * #MALFORMED} when invalid. {@code headRequest}: the request was a HEAD (no body follows).
   */
  static ResponseHead parse(ByteBuf buf, boolean headRequest) {
    int start = buf.readerIndex();
    int end = Math.min(buf.writerIndex(), start + MAX_HEAD);
    int lf = HeadLines.lineFeed(buf, start, end);
    if (lf < 0) {
      return buf.readableBytes() >= MAX_HEAD ? MALFORMED : null;
    }
    ResponseHead head = new ResponseHead();
    if (!HeadLines.endsWithCrlf(buf, start, lf) || !head.statusLine(buf, start, lf - 1)) {
      return MALFORMED;
    }
    head.statusLineEnd = lf + 1 - start;
    int line = lf + 1;
    while (true) {
      lf = HeadLines.lineFeed(buf, line, end);
      if (lf < 0) {
        return buf.readableBytes() >= MAX_HEAD ? MALFORMED : null;
      }
      if (!HeadLines.endsWithCrlf(buf, line, lf)) {
        return MALFORMED;
      }
      if (lf == line + 1) {
        head.length = lf + 1 - start;
        return head.framing(headRequest) ? head : MALFORMED;
      }
      if (!head.field(buf, start, line, lf - 1)) {
        return MALFORMED;
      }
      line = lf + 1;
    }
  }

  /** "HTTP/1.x SP 3DIGIT [SP reason]" in [from, to). */
  private boolean statusLine(ByteBuf buf, int from, int to) {
    if (to - from < 12 || buf.getByte(from + 8) != ' ') {
      return false;
    }
    for (int i = 0; i < HTTP_1.length; i++) {
      if (buf.getByte(from + i) != HTTP_1[i]) {
        return false;
      }
    }
    byte minor = buf.getByte(from + 7);
    if (minor != '0' && minor != '1') {
      return false;
    }
    http10 = minor == '0';
    long code = HeadLines.decimal(buf, from + 9, from + 12);
    if (code < 100 || code > 999 || (to > from + 12 && buf.getByte(from + 12) != ' ')) {
      return false;
    }
    status = (int) code;
    return status != 101 && HeadLines.isFieldValue(buf, from + 12, to);
  }

  private boolean field(ByteBuf buf, int headStart, int from, int to) {
    int colon = buf.indexOf(from, to, (byte) ':');
    if (colon < 0 || !HeadLines.isToken(buf, from, colon) || !HeadLines.isFieldValue(buf, colon + 1, to)) {
      return false;
    }
    int vs = HeadLines.skipSpaces(buf, colon + 1, to);
    int ve = HeadLines.trimEnd(buf, vs, to);
    if (HeadLines.nameIs(buf, from, colon, "content-length")) {
      long value = HeadLines.decimal(buf, vs, ve);
      if (value < 0 || (contentLength >= 0 && contentLength != value)) {
        return false;
      }
      contentLength = value;
    } else if (HeadLines.nameIs(buf, from, colon, "transfer-encoding")) {
      if (chunked || !HeadLines.nameIs(buf, vs, ve, "chunked")) {
        return false; // other codings are not proxied (the full path cannot frame them either)
      }
      chunked = true;
    } else if (HeadLines.nameIs(buf, from, colon, "connection")) {
      connection(HeadLines.text(buf, vs, ve));
    } else if (!hopByHop) {
      hopByHop = isHopByHop(buf, from, colon);
    }
    if (lineCount == lines.length) {
      lines = Arrays.copyOf(lines, lines.length * 2);
    }
    lines[lineCount++] = from - headStart;
    lines[lineCount++] = to + 2 - headStart;
    return true;
  }

  private void connection(String value) {
    String[] tokens = value.toLowerCase(java.util.Locale.ROOT).split(",");
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

  private static boolean isHopByHop(ByteBuf buf, int from, int to) {
    for (String name : HOP_BY_HOP) {
      if (HeadLines.nameIs(buf, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the line [from, to) (offsets from the head's start) is dropped when forwarding. */
  private boolean dropped(ByteBuf buf, int headStart, int from, int to) {
    int colon = buf.indexOf(headStart + from, headStart + to, (byte) ':');
    if (isHopByHop(buf, headStart + from, colon)) {
      return true;
    }
    if (connectionTokens != null) {
      for (String name : connectionTokens) {
        if (HeadLines.nameIs(buf, headStart + from, colon, name)) {
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
    int start = src.readerIndex();
    ByteBuf out = alloc.directBuffer(length + 32);
    out.writeCharSequence("HTTP/1.1", StandardCharsets.US_ASCII);
    out.writeBytes(src, start + 8, statusLineEnd - 8);
    for (int i = 0; i < lineCount; i += 2) {
      if (!dropped(src, start, lines[i], lines[i + 1])) {
        out.writeBytes(src, start + lines[i], lines[i + 1] - lines[i]);
      }
    }
    if (body == Body.UNTIL_CLOSE) {
      out.writeCharSequence("transfer-encoding: chunked\r\n", StandardCharsets.US_ASCII);
    }
    out.writeByte('\r').writeByte('\n');
    return out;
  }
}
