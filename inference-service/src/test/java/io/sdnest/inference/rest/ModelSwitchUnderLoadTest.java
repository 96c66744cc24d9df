package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static io.sdnest.inference.service.ServiceCalls.await;
import static io.sdnest.inference.service.ServiceCalls.awaitState;
import static io.sdnest.inference.service.ServiceCalls.job;
import static io.sdnest.inference.service.ServiceCalls.submit;
import static io.sdnest.inference.service.ServiceCalls.txt2img;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.model.ModelRegistry;
import io.sdnest.inference.service.ServiceCalls;

/**
 * Switching and unloading the model while requests run: every request is answered, each on one whole model, the one
 * its infotext names.
 */
@QuarkusTest
class ModelSwitchUnderLoadTest {

  private static final String DEMO = "sdnest-demo";
  /** Makes the complementary colour of every colour word: its images differ from the demo's. */
  private static final String SECOND = "zz-switch";
  private static final String[] PROMPTS = {"red", "a blue sky", "green grass"};
  private static final int REQUESTS = 10;

  @Inject
  ModelRegistry registry;

  Path second;

  @BeforeEach
  void addSecondModel() throws IOException {
    second = registry.checkpointsDir().resolve(SECOND);
    new DemoPipelineGenerator().write(second, DemoVariant.standard().withComplement(true));
    registry.rescan();
  }

  @AfterEach
  void removeSecondModel() throws IOException {
    select(DEMO);
    try (Stream<Path> files = Files.walk(second)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    registry.rescan();
  }

  private static String request(int i) {
    // long enough (a few tenths of a second) to be seen running before the switch
    return "{\"prompt\":\"" + PROMPTS[i % PROMPTS.length] + "\",\"seed\":" + i + ",\"steps\":" + (100 + 5 * i)
        + ",\"width\":512,\"height\":512,\"n_iter\":4}";
  }

  private static void select(String model) {
    given().contentType(ContentType.JSON).body("{\"sd_model_checkpoint\":\"" + model + "\"}")
        .post("/sdapi/v1/options").then().statusCode(200);
  }

  private static List<String> submitRequests(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> submit(request(i))).toList();
  }

  /** Waits until one of {@code ids} is past its first step (so what comes next overlaps running steps). */
  private static void awaitStepping(List<String> ids) throws InterruptedException {
    await("a job of " + ids + " past its first step", () -> {
      List<JsonPath> jobs = ids.stream().map(ServiceCalls::job).toList();
      if (jobs.stream().allMatch(j -> List.of("done", "failed", "cancelled").contains(j.getString("state")))) {
        throw new AssertionError("the jobs " + ids + " ended before they were seen running: make them longer");
      }
      return jobs.stream().anyMatch(j -> j.getString("state").equals("running") && j.getInt("sampling_step") > 0);
    });
  }

  @Test
  void switchesAndUnloadsDuringLoadLoseNoRequestAndEachRunsOnTheModelItNames() throws Exception {
    Map<String, List<List<String>>> solo = new HashMap<>();
    for (String model : List.of(SECOND, DEMO)) {
      select(model);
      solo.put(model, IntStream.range(0, REQUESTS).mapToObj(i -> txt2img(request(i))).toList());
    }
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(solo.get(SECOND).get(i)).as("the models' images of request %d", i)
          .doesNotContainAnyElementsOf(solo.get(DEMO).get(i));
    }

    List<String> ids = new ArrayList<>(submitRequests(0, 3));
    awaitStepping(ids);
    // the switch waits for the requests on the demo; those sent meanwhile run on one model or the other
    CompletableFuture<Void> switching = CompletableFuture.runAsync(() -> select(SECOND));
    ids.addAll(submitRequests(3, 6));
    switching.get();
    List<String> onSecond = submitRequests(6, 8);
    ids.addAll(onSecond);
    awaitStepping(onSecond);
    CompletableFuture<Void> unloading = CompletableFuture.runAsync(() -> given().post("/sdapi/v1/unload-checkpoint")
        .then().statusCode(200));
    List<String> afterUnload = submitRequests(8, 10);
    ids.addAll(afterUnload);
    unloading.get();
    awaitStepping(afterUnload);
    select(DEMO);

    Set<String> models = new HashSet<>();
    for (int i = 0; i < REQUESTS; i++) {
      awaitState(ids.get(i), "done", "failed", "cancelled");
      JsonPath job = job(ids.get(i));
      assertThat(job.getString("state")).as("request %d: %s", i, job.get("error")).isEqualTo("done");
      String model = new JsonPath(job.getString("result.info")).getString("sd_model_name");
      assertThat(model).as("request %d", i).isIn(DEMO, SECOND);
      models.add(model);
      assertThat(job.getList("result.images", String.class)).as("request %d, made by %s", i, model)
          .containsExactlyElementsOf(solo.get(model).get(i));
    }
    assertThat(models).containsExactlyInAnyOrder(DEMO, SECOND);
  }
}
