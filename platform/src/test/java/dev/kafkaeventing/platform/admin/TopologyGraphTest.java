package dev.kafkaeventing.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyGraphTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldLinkBrokerTriggerSubscriberAndDeadLetterWithCountersWhenTriggerHasRoute() {
    ObjectNode counters = JSON.createObjectNode().put("delivered", 7).put("pending", 2).put("parked", 1)
        .put("deadLettered", 3);
    TopologyGraph graph = new TopologyGraph(Map.of("broker/ns/orders", counters));

    graph.add(resource("""
        {"apiVersion":"eventing.knative.dev/v1","kind":"Trigger","metadata":{"name":"orders","namespace":"ns"},
         "spec":{"broker":"default","subscriber":{"ref":{"apiVersion":"serving.knative.dev/v1","kind":"Service","name":"shop"}},
                 "delivery":{"deadLetterSink":{"uri":"http://dls.example/"}}},
         "status":{"conditions":[{"type":"Ready","status":"False","reason":"BrokerDoesNotExist","message":"no"}]}}"""));
    JsonNode json = graph.toJson();

    assertThat(json.path("edges").toString())
        .contains("{\"source\":\"broker/ns/default\",\"target\":\"trigger/ns/orders\",\"label\":\"\"}")
        .contains("\"source\":\"trigger/ns/orders\",\"target\":\"service/ns/shop\",\"label\":\"subscriber\","
            + "\"counters\":{\"delivered\":7,\"pending\":2,\"parked\":1,\"deadLettered\":3}")
        .contains("\"target\":\"uri/http://dls.example/\",\"label\":\"dead letter\",\"counters\":{\"deadLettered\":3}");
    assertThat(json.path("nodes").toString())
        .contains("\"id\":\"trigger/ns/orders\"", "\"ready\":\"False\"", "\"reason\":\"BrokerDoesNotExist\"")
        .contains("{\"id\":\"broker/ns/default\",\"external\":true");
  }

  @Test
  void shouldShowStepsBranchesSinksAndReplicasWhenFlowsSourcesAndRevisionsAreShown() {
    TopologyGraph graph = new TopologyGraph(Map.of());

    graph.add(resource("""
        {"apiVersion":"flows.knative.dev/v1","kind":"Sequence","metadata":{"name":"seq","namespace":"ns"},
         "spec":{"steps":[{"uri":"http://a/"},{"uri":"http://b/"}],"reply":{"ref":{"kind":"Broker","name":"default"}}}}"""));
    graph.add(resource("""
        {"apiVersion":"sources.knative.dev/v1","kind":"PingSource","metadata":{"name":"tick","namespace":"ns"},
         "spec":{"schedule":"* * * * *","sink":{"ref":{"kind":"Broker","name":"default"}}}}"""));
    graph.add(resource("""
        {"apiVersion":"serving.knative.dev/v1","kind":"Revision","metadata":{"name":"shop-00001","namespace":"ns",
         "labels":{"serving.knative.dev/service":"shop"}},"spec":{"containers":[{"image":"x"}]},
         "status":{"actualReplicas":2,"desiredReplicas":3}}"""));
    String json = graph.toJson().toString();

    assertThat(json).contains("\"source\":\"sequence/ns/seq\",\"target\":\"uri/http://a/\",\"label\":\"step 1\"")
        .contains("\"target\":\"uri/http://b/\",\"label\":\"step 2\"")
        .contains("\"source\":\"sequence/ns/seq\",\"target\":\"broker/ns/default\",\"label\":\"reply\"")
        .contains("\"source\":\"pingsource/ns/tick\",\"target\":\"broker/ns/default\",\"label\":\"sink\"")
        .contains("\"source\":\"service/ns/shop\",\"target\":\"revision/ns/shop-00001\",\"label\":\"revision\"")
        .contains("\"replicas\":\"2/3\"");
  }

  private static Resource resource(String json) {
    return Resource.fromJson(json.getBytes(StandardCharsets.UTF_8));
  }
}
