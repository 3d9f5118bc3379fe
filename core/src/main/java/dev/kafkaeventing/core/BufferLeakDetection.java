package dev.kafkaeventing.core;

import java.util.Properties;

/**
 * Netty's buffer leak detection for the platform's processes: off unless chosen. At its default
 * level Netty tracks one buffer allocation in 128 and fills in a stack trace for it and again on
 * each of its uses; at the ingress's full rate that was ≈ 4% of the platform's CPU (a Linux
 * {@code perf} profile, docs/perf/ingress-sixth-pass.md). Leak detection is a development aid: the
 * tests run with it ({@code paranoid} in the ingress module), and an operator can turn it back on
 * with {@code -Dio.netty.leakDetection.level=simple} (or {@code advanced}, {@code paranoid}).
 */
public final class BufferLeakDetection {

  /** The system property Netty reads once, when its leak detector class is first loaded. */
  public static final String PROPERTY = "io.netty.leakDetection.level";

  private BufferLeakDetection() {}

  /**
   * Turns leak detection off for this process unless {@link #PROPERTY} is set; call it first thing
   * in {@code main}, before any Netty buffer is allocated.
   */
  public static void offUnlessConfigured() {
    offUnlessConfigured(System.getProperties());
  }

  static void offUnlessConfigured(Properties properties) {
    if (properties.getProperty(PROPERTY) == null) {
      properties.setProperty(PROPERTY, "disabled");
    }
  }
}
