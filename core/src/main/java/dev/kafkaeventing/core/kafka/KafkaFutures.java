package dev.kafkaeventing.core.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/** Bridges between Kafka's futures, Java's, and blocking callers that want Kafka's exceptions. */
final class KafkaFutures {

  private KafkaFutures() {}

  static <T> CompletableFuture<T> toCompletable(KafkaFuture<T> future) {
    return future.toCompletionStage().toCompletableFuture();
  }

  /**
   * Maps a future's value, or turns one expected failure into {@code fallback}: how "already
   * exists" and "does not exist" become ordinary answers. Other failures pass through unwrapped.
   */
  static <T, R> CompletableFuture<R> mapOrRecover(CompletableFuture<T> future,
      Function<? super T, ? extends R> onValue, Class<? extends Throwable> expected, R fallback) {
    return future.handle((value, error) -> {
      if (error == null) {
        return onValue.apply(value);
      }
      Throwable cause = unwrap(error);
      if (expected.isInstance(cause)) {
        return fallback;
      }
      throw cause instanceof CompletionException completion
          ? completion : new CompletionException(cause);
    });
  }

  /** The exception a future failed with, without the wrappers futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Waits for a future and returns its value, throwing what it failed with as an unchecked
   * {@link KafkaException}: {@link TimeoutException} when the timeout passes,
   * {@link InterruptException} (interrupt flag restored) when interrupted.
   */
  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException("Kafka admin operation did not finish within " + timeout, e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      throw cause instanceof KafkaException kafka ? kafka : new KafkaException(cause);
    }
  }
}
