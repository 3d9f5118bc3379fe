package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes an {@link HttpRequest} as HTTP/1.1 bytes into one buffer: the request line in origin form
 * ({@code /path?query}), the request's headers in their order except {@code Transfer-Encoding} and
 * {@code Content-Length}, {@code host} unless the request has one, {@code content-length} (unless a GET
 * or HEAD without a body), the blank line and the body. These are the bytes Netty's request encoder
 * wrote for the request the client used to build, without building it: the headers are read, not
 * copied or changed, and {@link HeaderLines} among them are written as they are. Stateless.
 */
final class RequestWriter {

  private static final byte[] VERSION_LINE_END = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEPARATOR = ": ".getBytes(StandardCharsets.US_ASCII);
  private static final short CRLF = ('\r' << 8) | '\n';
  /** Room for a typical head besides the header lines handed over as bytes; the buffer grows when short. */
  private static final int HEAD_ESTIMATE = 256;

  private RequestWriter() {
  }

  /** The request's bytes in a buffer from {@code alloc}, which the caller owns. */
  static ByteBuf write(ByteBufAllocator alloc, HttpRequest request, AsciiString hostHeader) {
    byte[] body = request.body();
    ByteBuf out = alloc.ioBuffer(HEAD_ESTIMATE + body.length);
    try {
      writeRequestLine(out, request);
      boolean hasHost = false;
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence();
          it.hasNext(); ) {
        Map.Entry<CharSequence, CharSequence> header = it.next();
        CharSequence name = header.getKey();
        CharSequence value = header.getValue();
        if (name == HeaderLines.NAME && value instanceof HeaderLines lines) {
          lines.writeTo(out);
        } else if (!HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
            && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
          hasHost |= HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
          writeLine(out, name, value);
        }
      }
      if (!hasHost) {
        writeLine(out, HttpHeaderNames.HOST, hostHeader);
      }
      boolean bodyless = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
      if (body.length > 0 || !bodyless) {
        writeAscii(out, HttpHeaderNames.CONTENT_LENGTH);
        out.writeBytes(SEPARATOR);
        writeDecimal(out, body.length);
        out.writeShort(CRLF);
      }
      out.writeShort(CRLF);
      out.writeBytes(body);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static void writeRequestLine(ByteBuf out, HttpRequest request) {
    writeAscii(out, request.method().asciiName());
    out.writeByte(' ');
    URI uri = request.uri();
    String path = uri.getRawPath();
    // Netty's encoder wrote the target as UTF-8: a URI may hold non-ASCII characters unescaped.
    if (path == null || path.isEmpty()) {
      out.writeByte('/');
    } else {
      out.writeCharSequence(path, StandardCharsets.UTF_8);
    }
    String query = uri.getRawQuery();
    if (query != null) {
      out.writeByte('?');
      out.writeCharSequence(query, StandardCharsets.UTF_8);
    }
    out.writeBytes(VERSION_LINE_END);
  }

  /** {@code name: value\r\n}, a byte per character (above 0xFF: {@code ?}), as Netty's encoder writes. */
  static void writeLine(ByteBuf out, CharSequence name, CharSequence value) {
    writeAscii(out, name);
    out.writeBytes(SEPARATOR);
    writeAscii(out, value);
    out.writeShort(CRLF);
  }

  private static void writeAscii(ByteBuf out, CharSequence text) {
    if (text instanceof AsciiString ascii) {
      out.writeBytes(ascii.array(), ascii.arrayOffset(), ascii.length());
    } else {
      out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }
  }

  private static void writeDecimal(ByteBuf out, int value) {
    if (value < 10) {
      out.writeByte('0' + value);
      return;
    }
    writeDecimal(out, value / 10);
    out.writeByte('0' + value % 10);
  }
}
