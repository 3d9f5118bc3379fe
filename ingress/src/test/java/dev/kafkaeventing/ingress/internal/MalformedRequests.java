package dev.kafkaeventing.ingress.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of raw HTTP/1.x requests to the ingress, mostly almost-valid CloudEvents with
 * one or more things wrong: request line, headers (missing, duplicated, CR/LF, non-ASCII, huge),
 * content types, framing (Content-Length, chunked), JSON bodies and batches, CloudEvents versions
 * and attributes. The same seed gives the same requests, so a failure is reproduced by its seed
 * and case number. Not thread-safe.
 */
public final class MalformedRequests {

  /**
   * One generated request: its bytes, and whether they are exactly one HTTP message (so that a
   * request written after them on the same connection is read on its own).
   */
  public record Request(byte[] bytes, boolean framed) {
    /** The request as text with control characters escaped, for a failure message. */
    public String printable() {
      StringBuilder out = new StringBuilder();
      String text = new String(bytes, 0, Math.min(bytes.length, 2_000), ISO_8859_1);
      for (char c : text.toCharArray()) {
        if (c == '\r') {
          out.append("\\r");
        } else if (c == '\n') {
          out.append("\\n\n");
        } else if (c < 0x20 || c >= 0x7f) {
          out.append(String.format("\\x%02x", (int) c));
        } else {
          out.append(c);
        }
      }
      return bytes.length > 2_000 ? out + "... (" + bytes.length + " bytes)" : out.toString();
    }
  }

  public static final String ROUTED = "/ns/default";
  public static final String STRUCTURED = "/ns/structured";
  public static final String PENDING = "/ns/starting";

  private static final String[] PATHS = {ROUTED, ROUTED, ROUTED, STRUCTURED, PENDING, "/ns/missing", "/", "",
      "/ns/default/", "/ns/default?x=1&y", "/ns/default#frag", "/ns/%2e%2e/default", "/ns/%zz", "/ns/de%00fault",
      "//ns//default", "*", "http://host/ns/default", "/ns/d\u00e9fault", "/channels/ns/c", "/sinks/ns/s", "/healthz",
      "/healthz?x", "/ns/default;p=1", "/ns/default%20", "/\u0000"};
  private static final String[] METHODS = {"POST", "POST", "POST", "POST", "POST", "POST", "GET", "PUT", "HEAD",
      "DELETE", "OPTIONS", "post", "PATCH", "CONNECT", "TRACE", "P\u00d6ST", "", "POST POST"};
  private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0",
      "HTTP/1.2", "HTTP/0.9", "http/1.1", "HTTP/1.1 ", "HTTP/11", ""};
  private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
      "text/plain", "application/cloudevents+json", "application/cloudevents+json; charset=UTF-8",
      "application/cloudevents-batch+json", "APPLICATION/CLOUDEVENTS+JSON", "application/cloudevents+xml",
      "application/cloudevents+protobuf", "application/cloudevents", "application/cloudevents-batch+json;x=\"",
      "", ";", "application/json; charset=ebcdic", "multipart/form-data; boundary=", "*/*", "application/",
      "application/cloudevents+json, application/json", "application/octet-stream", "text/plain; charset=utf-16"};
  private static final String[] SPEC_VERSIONS = {"1.0", "1.0", "1.0", "0.3", "2.0", "", "1", "1.0 ", "v1.0",
      "1.0\u0000", "null"};
  private static final String[] TIMES = {"2024-01-01T00:00:00Z", "2024-13-45T99:99:99Z", "yesterday", "",
      "2024-01-01T00:00:00.123456789+14:00", "0000-00-00T00:00:00Z", "2024-01-01T00:00:00"};
  private static final String[] ATTRIBUTES = {"id", "source", "type", "specversion", "time", "subject",
      "dataschema", "datacontenttype", "data", "data_base64", "traceparent", "partitionkey", "Extension",
      "ext-with-dash", "ext_under", "x".repeat(300), "", "\u00e9xt", "1ext", "data_base64"};
  private static final String[] JSON_VALUES = {"\"a\"", "1", "1.5e308", "-0", "true", "null", "[]", "{}",
      "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\n\\r\"", "[1,[2,[3]]]", "{\"a\":{\"b\":null}}", "\"\\\"",
      "1e99999", "\"caf\u00e9\"", "01", "NaN", "\"2024-01-01T00:00:00Z\"", "\"http://example.com/schema\"",
      "\"" + "y".repeat(5_000) + "\""};

  private final SplittableRandom random;

  public MalformedRequests(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A valid binary-mode event to {@code path}, which the ingress must accept. */
  public static byte[] valid(String path, String id) {
    String body = "{\"ok\":true}";
    return ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nce-id: " + id + "\r\nce-source: /fuzz\r\n"
        + "ce-type: fuzz.valid\r\nce-specversion: 1.0\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body).getBytes(ISO_8859_1);
  }

  /**
   * The next request: one in four has faults at the HTTP level (request line, framing, odd
   * headers), the others are well-formed HTTP to a routed path with faults in the event(s).
   */
  public Request next() {
    boolean httpFaults = chance(4);
    String path = httpFaults ? pick(PATHS) : pick(new String[] {ROUTED, ROUTED, ROUTED, STRUCTURED, PENDING});
    if (httpFaults && chance(5)) {
      path = "/ns/" + "a".repeat(random.nextInt(100, 10_000));
    }
    String line = httpFaults ? pick(METHODS) + " " + path + " " + pick(VERSIONS) : "POST " + path + " HTTP/1.1";
    boolean mutated = httpFaults && chance(3);
    if (mutated) {
      line = mutate(line);
    }
    List<String> headers = new ArrayList<>();
    headers.add("Host: localhost");
    byte[] body = switch (random.nextInt(4)) {
      case 0 -> binary(headers);
      case 1 -> structured(headers);
      case 2 -> batch(headers);
      default -> raw(headers);
    };
    if (chance(15)) {
      body = corrupt(body);
    }
    boolean framed = httpFaults
        ? framing(headers, body) & !headerNoise(headers) & !mutated
        : exactFraming(headers, body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(line.getBytes(UTF_8));
    String endOfLine = httpFaults ? pick(new String[] {"\r\n", "\r\n", "\n", "\r"}) : "\r\n";
    framed &= endOfLine.equals("\r\n");
    out.writeBytes(endOfLine.getBytes(ISO_8859_1));
    for (String header : headers) {
      out.writeBytes(header.getBytes(httpFaults && chance(10) ? UTF_8 : ISO_8859_1));
      out.writeBytes("\r\n".getBytes(ISO_8859_1));
    }
    out.writeBytes("\r\n".getBytes(ISO_8859_1));
    if (chunked(headers)) {
      byte[] chunks = chunks(body, httpFaults);
      framed &= chunks != null;
      out.writeBytes(chunks == null ? body : chunks);
    } else {
      out.writeBytes(body);
    }
    return new Request(out.toByteArray(), framed);
  }

  private byte[] binary(List<String> headers) {
    for (String attribute : new String[] {"id", "source", "type", "specversion"}) {
      if (!chance(12)) {
        headers.add("ce-" + attribute + ": " + attributeValue(attribute));
      }
      if (chance(15)) {
        headers.add("Ce-" + attribute.toUpperCase() + ": " + attributeValue(attribute));
      }
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      String name = pick(ATTRIBUTES);
      headers.add("ce-" + name + ": " + attributeValue(name));
    }
    headers.add("Content-Type: " + pick(CONTENT_TYPES));
    return chance(3) ? json(0).getBytes(UTF_8) : bytes(random.nextInt(0, 200));
  }

  private byte[] structured(List<String> headers) {
    headers.add("Content-Type: " + (chance(4) ? pick(CONTENT_TYPES) : "application/cloudevents+json"));
    return eventJson().getBytes(chance(20) ? ISO_8859_1 : UTF_8);
  }

  private byte[] batch(List<String> headers) {
    headers.add("Content-Type: " + (chance(4) ? pick(CONTENT_TYPES) : "application/cloudevents-batch+json"));
    StringBuilder json = new StringBuilder("[");
    int events = random.nextInt(0, chance(20) ? 500 : 6);
    for (int i = 0; i < events; i++) {
      json.append(i == 0 ? "" : ",").append(chance(10) ? pick(JSON_VALUES) : eventJson());
    }
    return json.append(chance(15) ? "" : "]").toString().getBytes(UTF_8);
  }

  private byte[] raw(List<String> headers) {
    if (chance(2)) {
      headers.add("Content-Type: " + pick(CONTENT_TYPES));
    }
    return switch (random.nextInt(5)) {
      case 0 -> bytes(random.nextInt(0, 2_000));
      case 1 -> json(0).getBytes(UTF_8);
      case 2 -> "[".repeat(random.nextInt(1, 5_000)).getBytes(UTF_8);
      case 3 -> ("{\"a\":".repeat(random.nextInt(1, 3_000))).getBytes(UTF_8);
      default -> new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'};
    };
  }

  private String eventJson() {
    StringBuilder json = new StringBuilder("{");
    String specversion = chance(4) ? pick(SPEC_VERSIONS) : "1.0";
    String[][] attributes = {{"specversion", "\"" + specversion + "\""}, {"id", "\"" + random.nextInt() + "\""},
        {"source", "\"/fuzz\""}, {"type", "\"fuzz\""}};
    boolean first = true;
    for (String[] attribute : attributes) {
      if (chance(12)) {
        continue;
      }
      json.append(first ? "" : ",").append('"').append(attribute[0]).append("\":")
          .append(chance(12) ? pick(JSON_VALUES) : attribute[1]);
      first = false;
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      String name = chance(2) ? "data" : pick(ATTRIBUTES);
      json.append(first ? "" : ",").append('"').append(name).append("\":").append(json(1));
      first = false;
    }
    return json.append(chance(20) ? "" : "}").toString();
  }

  private String json(int depth) {
    if (depth > 3 || chance(2)) {
      return pick(JSON_VALUES);
    }
    StringBuilder out = new StringBuilder(chance(2) ? "[" : "{\"k\":");
    out.append(json(depth + 1));
    return out.append(out.charAt(0) == '[' ? "]" : "}").toString();
  }

  private String attributeValue(String attribute) {
    if (!chance(4)) {
      return attribute.equals("specversion") ? "1.0" : attribute.equals("time") ? pick(TIMES) : "v" + random.nextInt(1_000);
    }
    return switch (random.nextInt(12)) {
      case 0 -> "";
      case 1 -> "x".repeat(chance(4) ? random.nextInt(4_000, 12_000) : random.nextInt(100, 1_000));
      case 2 -> "a\rb";
      case 3 -> "a\nb";
      case 4 -> "caf\u00e9 \u2603";
      case 5 -> "a\u0000b\u0007";
      case 6 -> " padded ";
      case 7 -> "%E2%98%83%zz%";
      case 8 -> attribute.equals("specversion") ? pick(SPEC_VERSIONS) : "\"quoted\"";
      case 9 -> attribute.equals("time") ? pick(TIMES) : "a\tb";
      default -> attribute.equals("specversion") ? "1.0" : "v" + random.nextInt(1_000);
    };
  }

  /** Content-Length or chunked, right for {@code body}; true. */
  private boolean exactFraming(List<String> headers, byte[] body) {
    headers.add(chance(5) ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length);
    return true;
  }

  /** Adds Content-Length or Transfer-Encoding; true when they frame {@code body} exactly. */
  private boolean framing(List<String> headers, byte[] body) {
    int choice = random.nextInt(14);
    switch (choice) {
      case 0 -> { }
      case 1 -> headers.add("Content-Length: " + (body.length + random.nextInt(1, 50)));
      case 2 -> headers.add("Content-Length: " + Math.max(0, body.length - random.nextInt(1, 50)));
      case 3 -> headers.add("Content-Length: -1");
      case 4 -> headers.add("Content-Length: abc");
      case 5 -> {
        headers.add("Content-Length: " + body.length);
        headers.add("Content-Length: " + (body.length + 1));
      }
      case 6 -> headers.add("Transfer-Encoding: chunked");
      case 7 -> {
        headers.add("Transfer-Encoding: chunked");
        headers.add("Content-Length: " + body.length);
      }
      case 8 -> headers.add("Transfer-Encoding: gzip, chunked");
      case 9 -> headers.add("Content-Length: 99999999999999999999");
      case 10 -> headers.add("Content-Length: 100000000");
      default -> headers.add("Content-Length: " + body.length);
    }
    return choice == 6 || choice > 10 || (choice == 0 && body.length == 0);
  }

  /** Adds odd headers; true when the request may no longer be one well-framed message. */
  private boolean headerNoise(List<String> headers) {
    boolean unframed = false;
    if (chance(8)) {
      headers.add("X-Huge: " + "h".repeat(random.nextInt(4_000, 20_000)));
    }
    if (chance(10)) {
      headers.add(random.nextInt(headers.size() + 1), "Bad Header Name: 1");
      unframed = true;
    }
    if (chance(10)) {
      headers.add("X-Folded: a\r\n  continued");
      unframed = true;
    }
    if (chance(15)) {
      headers.add("NoColon");
      unframed = true;
    }
    if (chance(15)) {
      headers.add("Connection: " + pick(new String[] {"close", "keep-alive", "upgrade", ""}));
    }
    if (chance(20)) {
      headers.add("Expect: " + pick(new String[] {"100-continue", "200-ok"}));
    }
    if (chance(20)) {
      headers.add("Content-Encoding: " + pick(new String[] {"gzip", "br", "identity", "x"}));
    }
    if (chance(20)) {
      for (int i = 0; i < 200; i++) {
        headers.add("ce-ext" + i + ": v");
      }
    }
    if (chance(20)) {
      headers.remove(random.nextInt(headers.size()));
      unframed = true;
    }
    return unframed;
  }

  private static boolean chunked(List<String> headers) {
    return headers.stream().anyMatch(h -> h.equalsIgnoreCase("Transfer-Encoding: chunked"));
  }

  /** The body in chunks; null (and the body left as it is) when it would not be well framed. */
  private byte[] chunks(byte[] body, boolean faults) {
    if (faults && chance(30)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int size = Math.min(body.length - at, random.nextInt(1, 300));
      String sizeLine = Integer.toHexString(size);
      out.writeBytes((sizeLine + (chance(30) ? ";ext=1" : "") + "\r\n").getBytes(ISO_8859_1));
      out.write(body, at, size);
      out.writeBytes("\r\n".getBytes(ISO_8859_1));
      at += size;
    }
    out.writeBytes("0\r\n\r\n".getBytes(ISO_8859_1));
    return out.toByteArray();
  }

  private String mutate(String text) {
    StringBuilder out = new StringBuilder(text);
    for (int i = random.nextInt(1, 4); i > 0 && out.length() > 0; i--) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, (char) random.nextInt(0, 256));
        default -> out.setCharAt(at, (char) random.nextInt(0, 256));
      }
    }
    return out.toString();
  }

  private byte[] corrupt(byte[] body) {
    if (body.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] copy = body.clone();
    for (int i = random.nextInt(1, 5); i > 0; i--) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return chance(4) ? java.util.Arrays.copyOf(copy, random.nextInt(copy.length)) : copy;
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
