package dev.kafkaeventing.core;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Arrays;
import java.util.Objects;

/**
 * A complete HTTP response read by the {@link HttpClient}. The client hands out its own copies of the
 * headers and body, so the receiver may keep them.
 *
 * @param status  status code
 * @param headers response headers (names compare case-insensitively)
 * @param body    the whole response body, empty when there is none
 */
public record HttpResponse(int status, HttpHeaders headers, byte[] body) {

  public HttpResponse {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be a three-digit code, got " + status);
    }
    headers = headers == null ? new DefaultHttpHeaders() : headers;
    body = body == null ? new byte[0] : body;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse other
        && status == other.status
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + headers.size() + " headers, " + body.length + " bytes]";
  }
}
