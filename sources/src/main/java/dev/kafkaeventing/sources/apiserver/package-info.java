/**
 * ApiServerSource on the one data plane. Changes of the watched Kubernetes objects come from an
 * {@link dev.kafkaeventing.sources.apiserver.ApiServerWatches} (implemented over fabric8 informers
 * by the platform in Kubernetes mode; absent standalone, where the source is refused with reason
 * {@code KubernetesModeRequired}); they are made events as Knative's adapter makes them ({@link
 * dev.kafkaeventing.sources.apiserver.ApiServerEvents}), written into a topic of the source and
 * delivered to its sink by the dispatcher (retries, parking). The entry is {@link
 * dev.kafkaeventing.sources.apiserver.ApiServerSourceReconcilers#register}.
 */
package dev.kafkaeventing.sources.apiserver;
