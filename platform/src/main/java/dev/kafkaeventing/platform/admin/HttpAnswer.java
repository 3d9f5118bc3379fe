package dev.kafkaeventing.platform.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer to an {@link HttpCall}.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body (empty for a stream)
 * @param stream a body written over time, chunked (null for a whole body)
 * @param headers further response headers (never null)
 */
public record HttpAnswer(int status, String contentType, byte[] body, HttpStream stream, Map<String, String> headers) {

  public HttpAnswer {
    headers = Map.copyOf(headers);
  }

  public HttpAnswer(int status, String contentType, byte[] body, HttpStream stream) {
    this(status, contentType, body, stream, Map.of());
  }

  /** A copy with these further headers. */
  public HttpAnswer withHeaders(Map<String, String> more) {
    return new HttpAnswer(status, contentType, body, stream, more);
  }

  public HttpAnswer(int status, String contentType, byte[] body) {
    this(status, contentType, body, null);
  }

  /** A 200 whose body {@code stream} writes over time. */
  public static HttpAnswer stream(String contentType, HttpStream stream) {
    return new HttpAnswer(200, contentType, new byte[0], stream);
  }

  public static HttpAnswer json(int status, byte[] json) {
    return new HttpAnswer(status, "application/json", json);
  }

  public static HttpAnswer text(int status, String text) {
    return new HttpAnswer(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
