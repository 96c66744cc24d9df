package io.sdnest.inference.rest;

import static io.sdnest.inference.service.ServiceCalls.awaitState;
import static io.sdnest.inference.service.ServiceCalls.cancel;
import static io.sdnest.inference.service.ServiceCalls.job;
import static io.sdnest.inference.service.ServiceCalls.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * With one running slot and a per-user cap that never binds, waiting requests start in turns between the users named
 * by X-Sdnest-User, not in the order they arrived.
 */
@QuarkusTest
@TestProfile(FairTurnsTest.OneSlot.class)
class FairTurnsTest {

  public static class OneSlot implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.inference.max-running", "1", "sdnest.inference.max-running-per-user", "4",
          "sdnest.inference.max-queue", "16", "sdnest.inference.max-queued-per-user", "8");
    }
  }

  /** Minutes of work on this CPU: it runs until the test cancels it. */
  private static final String LONG =
      "{\"prompt\":\"blue\",\"seed\":1,\"steps\":150,\"width\":256,\"height\":256,\"n_iter\":64}";
  private static final String SHORT = "{\"prompt\":\"red\",\"seed\":2,\"steps\":10,\"width\":64,\"height\":64}";

  @Test
  void twoUsersWaitingRequestsStartInTurnsWhateverTheOrderTheyArrivedIn() throws Exception {
    // ann's first request holds the only slot until all eight are in
    String first = submit("ann", LONG);
    awaitState(first, "running");
    record Submitted(String owner, String id) {
    }
    List<Submitted> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(new Submitted("ann", submit("ann", SHORT)));
    }
    for (int i = 0; i < 4; i++) {
      waiting.add(new Submitted("ben", submit("ben", SHORT)));
    }
    assertThat(waiting).allMatch(s -> job(s.id()).getString("state").equals("queued"));
    cancel(first);
    record Finished(String owner, Instant at) {
    }
    List<Finished> finished = new ArrayList<>();
    for (Submitted s : waiting) {
      awaitState(s.id(), "done", "failed", "cancelled");
      JsonPath done = job(s.id());
      assertThat(done.getString("state")).isEqualTo("done");
      finished.add(new Finished(s.owner(), Instant.parse(done.getString("finished"))));
    }
    // one slot: each starts when the one before it has finished
    List<String> order = finished.stream().sorted(Comparator.comparing(Finished::at)).map(Finished::owner).toList();
    assertThat(order).containsExactly("ann", "ben", "ann", "ben", "ann", "ben", "ben");
  }
}
