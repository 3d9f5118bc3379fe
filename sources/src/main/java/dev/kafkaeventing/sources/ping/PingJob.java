package dev.kafkaeventing.sources.ping;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One PingSource as the scheduler runs it: when it ticks and the event it sends. Immutable.
 *
 * @param key {@code namespace/name}: the record key of its ticks, and what decides its owner
 * @param uid the PingSource's uid: a source deleted and created again starts afresh
 * @param schedule when it ticks
 * @param data the event data; null for none
 * @param contentType {@code datacontenttype}; null for none
 * @param extensions {@code spec.ceOverrides.extensions}
 * @param since when this instance first saw the source: ticks before it are not owed
 * @param notBefore when this instance saw its schedule change (null if it did not): ticks of the
 *     new schedule before it are not owed
 */
public record PingJob(String key, String uid, PingSchedule schedule, byte[] data, String contentType,
    Map<String, String> extensions, Instant since, Instant notBefore) {

  /** The event type Knative's PingSource sends. */
  public static final String TYPE = "dev.knative.sources.ping";

  public PingJob {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(since, "since");
    extensions = Map.copyOf(extensions);
  }

  /** A new source's job. */
  public PingJob(String key, String uid, PingSchedule schedule, byte[] data, String contentType,
      Map<String, String> extensions, Instant since) {
    this(key, uid, schedule, data, contentType, extensions, since, null);
  }

  /** This job changed to {@code next}: keeps when it was first seen, and notes a schedule change. */
  PingJob changedTo(PingJob next) {
    if (!uid.equals(next.uid)) {
      return next;
    }
    Instant changed = schedule.equals(next.schedule) ? notBefore : next.since;
    return new PingJob(next.key, uid, next.schedule, next.data, next.contentType, next.extensions, since, changed);
  }

  /** The {@code source} attribute: {@code /apis/v1/namespaces/<ns>/pingsources/<name>}. */
  public static String sourceOf(String namespace, String name) {
    return "/apis/v1/namespaces/" + namespace + "/pingsources/" + name;
  }

  /**
   * The event of one tick. Its id is derived from the source's uid and the tick time, so a tick
   * sent again (after a failed transaction) is recognisably the same event.
   */
  public CloudEvent event(Instant tick) {
    int slash = key.indexOf('/');
    CloudEventBuilder event = CloudEventBuilder.v1()
        .withId(UUID.nameUUIDFromBytes((uid + "@" + tick).getBytes(StandardCharsets.UTF_8)).toString())
        .withType(TYPE)
        .withSource(URI.create(sourceOf(key.substring(0, slash), key.substring(slash + 1))))
        .withTime(tick.atOffset(ZoneOffset.UTC));
    if (data != null) {
      event.withData(contentType, data);
    } else if (contentType != null) {
      event.withDataContentType(contentType);
    }
    extensions.forEach(event::withExtension);
    return event.build();
  }
}
