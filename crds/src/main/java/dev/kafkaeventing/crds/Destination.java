package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where events go, Knative's {@code Destination}: a reference to an addressable resource, an
 * absolute URI, or a reference plus a relative URI resolved against the reference's address
 * (Knative's rules). Immutable and thread-safe.
 *
 * @param ref null when only a URI is given
 * @param uri null when only a ref is given; relative only together with a ref
 * @param caCerts PEM certificates to trust for this destination (YAML {@code CACerts}); may be null
 * @param audience OIDC audience; may be null
 */
public record Destination(KReference ref, URI uri, String caCerts, String audience) {

  /** The fields of a destination in YAML. */
  static final String[] FIELDS = {"ref", "uri", "CACerts", "audience"};

  public Destination {
    if (ref == null && uri == null) {
      throw new IllegalArgumentException("a destination needs a ref or a uri");
    }
    if (ref == null && !isAbsolute(uri)) {
      throw new IllegalArgumentException("a uri without ref must be absolute: " + uri);
    }
    if (ref != null && uri != null && uri.isAbsolute()) {
      throw new IllegalArgumentException("a uri with a ref must be relative: " + uri);
    }
  }

  public static Destination of(URI absoluteUri) {
    return new Destination(null, absoluteUri, null, null);
  }

  public static Destination of(KReference ref) {
    return new Destination(ref, null, null, null);
  }

  /** Reads a destination; null when absent or invalid (problems reported). */
  static Destination read(Node n) {
    n.allowOnly(FIELDS);
    return readFields(n);
  }

  /**
   * Reads the destination fields of an object that may hold others too (a Sequence step's
   * {@code delivery}); the caller checks for unknown fields.
   */
  static Destination readFields(Node n) {
    if (!n.isObject()) {
      return null;
    }
    int mark = n.problems().mark();
    KReference ref = KReference.read(n.field("ref"));
    URI uri = uri(n.field("uri"));
    String caCerts = n.field("CACerts").string();
    String audience = n.field("audience").string();
    if (caCerts != null) {
      checkCertificates(n.field("CACerts"), caCerts);
    }
    if (!n.problems().cleanSince(mark)) {
      return null;
    }
    if (ref == null && uri == null) {
      n.error("expected ref or uri, got neither");
    } else if (ref == null && !isAbsolute(uri)) {
      n.field("uri").error("'" + uri + "' is not an absolute URI (with scheme and host); "
          + "a relative URI needs a ref to resolve against");
    } else if (ref != null && uri != null && uri.isAbsolute()) {
      n.field("uri").error("absolute URI '" + uri + "' is not allowed together with ref; "
          + "use a relative path, or drop ref");
    } else if (ref == null) {
      checkDeliverable(n.field("uri"), uri);
    }
    return n.problems().cleanSince(mark) ? new Destination(ref, uri, caCerts, audience) : null;
  }

  /** Reports on {@code n} unless {@code pem} holds at least one PEM X.509 certificate and nothing else. */
  private static void checkCertificates(Node n, String pem) {
    try {
      var certificates = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(
          new java.io.ByteArrayInputStream(pem.strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        n.error("expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
      }
    } catch (java.security.cert.CertificateException e) {
      n.error("not PEM certificates: " + e.getMessage());
    }
  }

  /** Like {@link #read(Node)}, and reports {@code required} when absent. */
  static Destination readRequired(Node n) {
    return n.requireObject() ? read(n) : null;
  }

  private static URI uri(Node field) {
    String text = field.string();
    if (text == null) {
      return null;
    }
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      field.error("'" + text + "' is not a valid URI: " + e.getReason());
      return null;
    }
  }

  /**
   * Events are delivered by HTTP POST: any other scheme, or a URI without a host (e.g. {@code
   * http://:80/} or {@code http://user@/}), could never be delivered to, so it is refused here
   * rather than failing at every delivery.
   */
  private static void checkDeliverable(Node field, URI uri) {
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      field.error("'" + uri + "' has scheme '" + uri.getScheme() + "'; events are delivered over HTTP: "
          + "use an http:// or https:// URI");
    } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
      field.error("'" + uri + "' has no host (expected http://host[:port]/path)");
    }
  }

  private static boolean isAbsolute(URI uri) {
    return uri.isAbsolute() && uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty();
  }
}
