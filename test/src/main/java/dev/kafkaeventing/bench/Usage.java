package dev.kafkaeventing.bench;

/**
 * Resources used over one measured phase, per event where it says so.
 *
 * @param seconds wall time of the phase
 * @param platformCpuMicrosPerEvent the platform process's CPU time (user + system) per event
 * @param platformCores the platform's CPU time divided by wall time
 * @param kafkaCpuMicrosPerEvent Kafka's CPU time per event (NaN when Kafka is not a process of the run)
 * @param benchCpuMicrosPerEvent the bench process's (load generator and subscriber) CPU time per event
 * @param otherCores CPU used by everything else on the machine meanwhile, in cores
 * @param rssBytes the platform's resident set at the end
 * @param rssPeakBytes the platform's peak resident set so far (VmHWM)
 * @param load1 the one-minute load average at the end
 */
record Usage(double seconds, double platformCpuMicrosPerEvent, double platformCores, double kafkaCpuMicrosPerEvent,
    double benchCpuMicrosPerEvent, double otherCores, long rssBytes, long rssPeakBytes, double load1) {}
