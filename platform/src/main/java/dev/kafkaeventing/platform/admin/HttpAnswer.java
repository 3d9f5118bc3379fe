package dev.kafkaeventing.platform.admin;

import java.nio.charset.StandardCharsets;

/**
 * The answer to an {@link HttpCall}.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body
 */
public record HttpAnswer(int status, String contentType, byte[] body) {

  public static HttpAnswer json(int status, byte[] json) {
    return new HttpAnswer(status, "application/json", json);
  }

  public static HttpAnswer text(int status, String text) {
    return new HttpAnswer(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
