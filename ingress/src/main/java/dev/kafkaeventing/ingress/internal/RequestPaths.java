package dev.kafkaeventing.ingress.internal;

/** Extracts the path of a request target. Stateless and thread-safe. */
final class RequestPaths {

  private RequestPaths() {}

  /**
   * The path of an origin-form ({@code /a/b?q}) or absolute-form ({@code http://host/a/b?q})
   * request target, without query or fragment and not percent-decoded; {@code /} when empty.
   */
  static String path(String target) {
    int start = 0;
    int scheme = target.indexOf("://");
    if (scheme > 0 && target.indexOf('/') > scheme) {
      int slash = target.indexOf('/', scheme + 3);
      start = slash < 0 ? target.length() : slash;
    }
    int end = target.length();
    for (int i = start; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return start == end ? "/" : target.substring(start, end);
  }
}
