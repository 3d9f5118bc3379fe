package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Paging of the admin API's lists, as Kubernetes' list API: {@code limit} caps a page ({@value
 * #DEFAULT_LIMIT} when absent, at most {@value #MAX_LIMIT}), and a page that is not the last carries
 * {@code metadata.continue}, a token to pass as {@code continue} for the next one. The token names
 * the last resource of the page, so resources created or deleted between pages neither repeat nor
 * shift the pages. Stateless.
 */
final class ListPaging {

  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 5000;

  private static final String VERSION = "v1";

  private ListPaging() {}

  /** The page size a request asks for; throws {@link IllegalArgumentException} naming {@code limit}. */
  static int limit(String param) {
    if (param == null || param.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(param);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + param + "'");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
    }
    return limit;
  }

  /** The token that continues a list after {@code last}. */
  static String token(ResourceKey last) {
    String text = VERSION + "/" + last.namespace() + "/" + last.name();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Where a list continues: null for the first page; throws {@link IllegalArgumentException} naming
   * {@code continue} for a token this API did not hand out.
   */
  static ResourceKey after(ResourceKind kind, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("/", -1);
    } catch (IllegalArgumentException e) {
      parts = new String[0];
    }
    if (parts.length != 3 || !parts[0].equals(VERSION) || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("continue is not a token from a previous page: '" + token + "'");
    }
    return new ResourceKey(kind, parts[1], parts[2]);
  }
}
