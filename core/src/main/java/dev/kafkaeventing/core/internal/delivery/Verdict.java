package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.HttpResponse;

/**
 * The judgement on one attempt.
 *
 * @param kind     accepted, worth retrying, or permanently failed
 * @param response the response, null when the attempt got none
 * @param error    why the attempt failed; null when accepted
 */
record Verdict(Kind kind, HttpResponse response, String error) {

  enum Kind { ACCEPTED, RETRYABLE, PERMANENT }

  static Verdict accepted(HttpResponse response) {
    return new Verdict(Kind.ACCEPTED, response, null);
  }

  static Verdict retryable(HttpResponse response, String error) {
    return new Verdict(Kind.RETRYABLE, response, error);
  }

  static Verdict permanent(HttpResponse response, String error) {
    return new Verdict(Kind.PERMANENT, response, error);
  }

  /** A failure without a response (connection refused or broken, timeout): always retryable. */
  static Verdict noResponse(Throwable cause) {
    return retryable(null, describe(cause));
  }

  int status() {
    return response == null ? 0 : response.status();
  }

  static String describe(Throwable cause) {
    Throwable root = cause;
    while ((root instanceof java.util.concurrent.CompletionException
        || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
