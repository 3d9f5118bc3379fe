package dev.kafkaeventing.platform;

import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import java.util.Objects;

/**
 * What a platform runs with besides its {@link PlatformConfig}: Kubernetes mode, tracing, security
 * (TLS, admin tokens, Kafka client properties), publisher authentication and the event journal.
 * {@link #defaults()} is a standalone platform with all of them off, as tests and embedders use it;
 * {@code up} builds one from its flags.
 *
 * @param kubernetes null for standalone (resources in the platform's compacted topic), else the API
 *     server to watch
 * @param tracing every hop's tracing; the caller owns its OpenTelemetry SDK and closes it after the platform
 */
public record PlatformOptions(KubernetesOptions kubernetes, Tracing tracing, PlatformSecurity security,
    AuthOptions auth, EventJournalOptions journal) {

  public PlatformOptions {
    Objects.requireNonNull(tracing, "tracing");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(journal, "journal");
  }

  public static PlatformOptions defaults() {
    return new PlatformOptions(null, Tracing.OFF, PlatformSecurity.none(), AuthOptions.NONE,
        EventJournalOptions.DEFAULT);
  }

  public PlatformOptions withKubernetes(KubernetesOptions kubernetes) {
    return new PlatformOptions(kubernetes, tracing, security, auth, journal);
  }

  public PlatformOptions withTracing(Tracing tracing) {
    return new PlatformOptions(kubernetes, tracing, security, auth, journal);
  }

  public PlatformOptions withSecurity(PlatformSecurity security) {
    return new PlatformOptions(kubernetes, tracing, security, auth, journal);
  }

  public PlatformOptions withAuth(AuthOptions auth) {
    return new PlatformOptions(kubernetes, tracing, security, auth, journal);
  }

  public PlatformOptions withJournal(EventJournalOptions journal) {
    return new PlatformOptions(kubernetes, tracing, security, auth, journal);
  }
}
