package dev.kafkaeventing.platform.admin;

import java.util.List;
import java.util.Map;

/**
 * One request to a platform control server (admin API, metrics), already read whole.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path, without the query
 * @param query decoded query parameters
 * @param body the request body (empty when none)
 */
public record HttpCall(String method, String path, Map<String, List<String>> query, byte[] body) {

  public HttpCall {
    query = Map.copyOf(query);
  }

  /** The first value of a query parameter, or null. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
