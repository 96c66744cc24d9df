package io.sdnest.gateway.routing;

import static io.sdnest.gateway.routing.AuthAndRolesTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sdnest.gateway.stub.StubService;
import io.sdnest.gateway.stub.StubUpstreams;

/** Async jobs live on one inference replica; the gateway tells each replica its key and routes job ids back by it. */
@QuarkusTest
@WithTestResource(StubUpstreams.class)
class AsyncJobRoutingTest {

  /** The key each stub replica was told, learnt the way a replica learns it: from X-Sdnest-Replica. */
  private static Map<String, String> replicaKeys() {
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < 50 && keys.size() < 2; i++) {
      JsonPath echo = as("alice").header("X-Sdnest-Replica", "forged").get("/sdapi/v1/sd-models")
          .then().statusCode(200).extract().jsonPath();
      keys.put(echo.getString("service"), echo.getString("headers.x-sdnest-replica"));
    }
    assertThat(keys).containsOnlyKeys("inference-a", "inference-b");
    return keys;
  }

  @Test
  void everyInferenceReplicaIsToldItsOwnStableKey() {
    Map<String, String> keys = replicaKeys();
    assertThat(keys.values()).allSatisfy(key -> assertThat(key).matches("[a-z0-9]{12}")).doesNotHaveDuplicates();
    assertThat(keys.get("inference-a")).isEqualTo(keyOf(StubUpstreams.inferenceA()));
    assertThat(keys.get("inference-b")).isEqualTo(keyOf(StubUpstreams.inferenceB()));
    assertThat(replicaKeys()).as("stable across requests").isEqualTo(keys);
  }

  @Test
  void theDownloaderIsNotToldAReplicaKey() {
    as("admin").header("X-Sdnest-Replica", "forged").get("/downloader/v1/jobs").then().statusCode(200)
        .body("headers.x-sdnest-replica", equalTo(null));
  }

  @Test
  void eachReplicaGetsItsOwnJobsBack() {
    Map<String, String> keys = replicaKeys();
    keys.forEach((service, key) -> {
      String job = key + "-" + UUID.randomUUID();
      for (int i = 0; i < 6; i++) {
        as("alice").get("/sdnest/v1/jobs/" + job).then().statusCode(200)
            .body("service", equalTo(service))
            .body("uri", equalTo("/sdnest/v1/jobs/" + job))
            .body("headers.x-sdnest-replica", equalTo(key))
            .body("headers.x-sdnest-user", equalTo("alice"));
      }
      as("alice").delete("/sdnest/v1/jobs/" + job).then().statusCode(200)
          .body("service", equalTo(service)).body("method", equalTo("DELETE"));
      as("alice").get("/sdnest/v1/jobs/" + job + "/image").then().statusCode(200).body("service", equalTo(service));
    });
  }

  @Test
  void aJobOnAReplicaOutOfRotationStillReachesIt() throws InterruptedException {
    StubService b = StubUpstreams.inferenceB();
    String key = replicaKeys().get("inference-b");
    b.setReady(false); // draining: no new work, but its running jobs are still asked for
    try {
      Thread.sleep(600); // several probe intervals
      for (int i = 0; i < 6; i++) {
        as("alice").get("/sdapi/v1/sd-models").then().statusCode(200).body("service", equalTo("inference-a"));
      }
      as("alice").get("/sdnest/v1/jobs/" + key + "-42").then().statusCode(200).body("service", equalTo("inference-b"));
    } finally {
      b.setReady(true);
    }
  }

  @Test
  void aJobOfNoKnownReplicaIsNotFound() {
    for (String id : new String[] {"ffffffffffff-1", "no-replica-key-here", "nodash", "UPPER-1"}) {
      as("alice").get("/sdnest/v1/jobs/" + id).then().statusCode(404)
          .body("error", equalTo("NotFound"))
          .body("detail", equalTo("Job not found"))
          .body("body", equalTo(""))
          .body("errors", equalTo(""));
    }
  }

  @Test
  void jobRoutesNeedTheSameRoleAsGeneration() {
    String job = keyOf(StubUpstreams.inferenceA()) + "-1";
    as("nobody").get("/sdnest/v1/jobs/" + job).then().statusCode(401);
    as("norole").get("/sdnest/v1/jobs/" + job).then().statusCode(403);
    as("norole").get("/sdnest/v1/jobs/ffffffffffff-1").then().statusCode(403);
    as("admin").get("/sdnest/v1/jobs/" + job).then().statusCode(200).body("service", equalTo("inference-a"));
  }

  private static String keyOf(StubService replica) {
    return Upstream.keyOf(java.net.URI.create(replica.url()));
  }
}
