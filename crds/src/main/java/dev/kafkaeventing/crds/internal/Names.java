package dev.kafkaeventing.crds.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes naming rules (DNS-1123 / DNS-1035 names, qualified label and annotation keys,
 * label values, ConfigMap keys) and the CloudEvents attribute-name rule Knative applies to
 * trigger filters. Each check returns the problem as a sentence, or empty when the value is valid.
 *
 * <p>Stateless and thread-safe.
 */
public final class Names {

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern QUALIFIED_NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern CLOUDEVENTS_ATTRIBUTE = Pattern.compile("[a-z0-9]+");

  private Names() {}

  /** The rule a resource's {@code metadata.name} must follow. */
  public enum Rule {
    /** Most resources: lower-case alphanumerics, '-' and '.', at most 253 characters. */
    DNS1123_SUBDOMAIN,
    /** Names that become a single DNS label, such as a Knative Service's host name. */
    DNS1035_LABEL
  }

  public static Optional<String> checkName(String name, Rule rule) {
    return rule == Rule.DNS1035_LABEL ? checkDns1035Label(name) : checkDns1123Subdomain(name);
  }

  public static Optional<String> checkDns1123Label(String value) {
    if (value.length() > 63) {
      return tooLong(value, 63);
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      return Optional.of(invalid(value, "must consist of lower case alphanumeric characters or '-', "
          + "and must start and end with an alphanumeric character (DNS-1123 label)"));
    }
    return Optional.empty();
  }

  public static Optional<String> checkDns1123Subdomain(String value) {
    if (value.length() > 253) {
      return tooLong(value, 253);
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      return Optional.of(invalid(value, "must consist of lower case alphanumeric characters, '-' or '.', "
          + "and must start and end with an alphanumeric character (DNS-1123 subdomain)"));
    }
    return Optional.empty();
  }

  public static Optional<String> checkDns1035Label(String value) {
    if (value.length() > 63) {
      return tooLong(value, 63);
    }
    if (!DNS1035_LABEL.matcher(value).matches()) {
      return Optional.of(invalid(value, "must consist of lower case alphanumeric characters or '-', "
          + "start with a letter and end with an alphanumeric character (DNS-1035 label)"));
    }
    return Optional.empty();
  }

  /** Label and annotation keys: an optional DNS-1123 subdomain prefix and '/', then a name part. */
  public static Optional<String> checkQualifiedName(String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String part = slash < 0 ? key : key.substring(slash + 1);
    if (prefix != null) {
      if (prefix.isEmpty() || checkDns1123Subdomain(prefix).isPresent()) {
        return Optional.of(invalid(key, "prefix must be a DNS-1123 subdomain"));
      }
    }
    if (part.isEmpty() || part.length() > 63 || !QUALIFIED_NAME_PART.matcher(part).matches()) {
      return Optional.of(invalid(key, "name part must be at most 63 characters of alphanumerics, "
          + "'-', '_' or '.', starting and ending with an alphanumeric character"));
    }
    return Optional.empty();
  }

  public static Optional<String> checkLabelValue(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > 63 || !QUALIFIED_NAME_PART.matcher(value).matches()) {
      return Optional.of(invalid(value, "a label value must be at most 63 characters of alphanumerics, "
          + "'-', '_' or '.', starting and ending with an alphanumeric character"));
    }
    return Optional.empty();
  }

  public static Optional<String> checkConfigMapKey(String key) {
    if (key.length() > 253 || !CONFIG_MAP_KEY.matcher(key).matches()) {
      return Optional.of(invalid(key, "a key must consist of alphanumeric characters, '-', '_' or '.'"));
    }
    return Optional.empty();
  }

  /** Knative accepts only lower-case alphanumeric CloudEvents attribute names in filters. */
  public static Optional<String> checkCloudEventsAttribute(String name) {
    if (!CLOUDEVENTS_ATTRIBUTE.matcher(name).matches()) {
      return Optional.of(invalid(name, "a CloudEvents attribute name must consist of lower case "
          + "letters and digits only"));
    }
    return Optional.empty();
  }

  private static Optional<String> tooLong(String value, int max) {
    return Optional.of(invalid(value, "must be no more than " + max + " characters"));
  }

  private static String invalid(String value, String rule) {
    return "'" + value + "' is invalid: " + rule;
  }
}
