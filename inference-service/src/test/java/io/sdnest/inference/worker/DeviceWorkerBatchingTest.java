package io.sdnest.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.demo.DemoVariant.TimestepKind;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.GenerationResult;
import io.sdnest.inference.engine.pipeline.Progress;
import io.sdnest.inference.engine.pipeline.ProgressListener;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;
import io.sdnest.inference.worker.WorkerFixture.Call;
import io.sdnest.inference.worker.WorkerFixture.RecordingUnet;

/** Step-level batching on the real demo pipeline: results do not depend on batching, and the grouping rules hold. */
class DeviceWorkerBatchingTest {

  @TempDir
  static Path dir;
  static StableDiffusionPipeline perRow;
  /** Another model of the same shape whose images differ from perRow's. */
  static StableDiffusionPipeline tinted;
  static StableDiffusionPipeline oneTimestep;
  static StableDiffusionPipeline scalarTimestep;

  @BeforeAll
  static void load() {
    perRow = WorkerFixture.load(dir.resolve("per-row"), DemoVariant.standard().withTimestep(TimestepKind.FLOAT_BATCH));
    tinted = WorkerFixture.load(dir.resolve("tinted"),
        DemoVariant.standard().withTimestep(TimestepKind.FLOAT_BATCH).withComplement(true));
    oneTimestep = WorkerFixture.load(dir.resolve("one"), DemoVariant.standard().withTimestep(TimestepKind.FLOAT_ONE));
    scalarTimestep = WorkerFixture.load(dir.resolve("scalar"),
        DemoVariant.standard().withTimestep(TimestepKind.FLOAT_SCALAR));
  }

  @AfterAll
  static void close() {
    perRow.model().close();
    tinted.model().close();
    oneTimestep.model().close();
    scalarTimestep.model().close();
  }

  /** The demo pipeline whose UNet takes one timestep per call of {@code kind}. */
  private static StableDiffusionPipeline singleTimestep(TimestepKind kind) {
    return switch (kind) {
      case FLOAT_ONE -> oneTimestep;
      case FLOAT_SCALAR -> scalarTimestep;
      default -> throw new IllegalArgumentException(kind + " takes a timestep per row");
    };
  }

  /** Eight different requests: sizes, samplers, step counts, guidance, one of them a batch of two. */
  private static List<GenerationRequest> eightRequests() {
    String[] samplers = {"Euler a", "DPM++ 2M", "Euler", "Heun", "DDIM", "DPM++ 2M SDE", "LMS", "UniPC"};
    List<GenerationRequest> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(GenerationRequest.builder().prompt(i % 2 == 0 ? "a red car" : "blue sky, green grass")
          .negativePrompt(i == 3 ? "grey" : "").seed(100 + i).sampler(samplers[i]).steps(16 + 2 * i)
          .cfgScale(i == 5 ? 1.0 : 7.0).size(64, i % 3 == 0 ? 80 : 64).batch(i == 2 ? 2 : 1, 1)
          .build(GenerationLimits.defaults()));
    }
    return out;
  }

  private static List<byte[]> pngs(GenerationResult result) {
    return result.images().stream().map(i -> i.encoded()).toList();
  }

  @Test
  void aRequestsPngsAreByteIdenticalAloneAndMergedWithSevenOthersAtDifferentSteps() throws Exception {
    List<GenerationRequest> requests = eightRequests();
    List<List<byte[]>> alone = new ArrayList<>();
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      RecordingUnet unet = new RecordingUnet(perRow.unet());
      for (GenerationRequest r : requests) {
        alone.add(pngs(perRow.generate(r, ProgressListener.NONE, new CancellationToken(), worker.execution(unet))));
      }
      assertThat(unet.snapshot()).allMatch(c -> c.rows() <= 4, "alone, a call holds one request's rows");
    }
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      RecordingUnet unet = new RecordingUnet(perRow.unet(), 5);
      List<CompletableFuture<List<byte[]>>> merged = new ArrayList<>();
      CountDownLatch previousStarted = new CountDownLatch(0);
      for (GenerationRequest r : requests) {
        // each request joins once the one before it is two steps in, so they run at different steps
        previousStarted.await(5, TimeUnit.MINUTES);
        CountDownLatch started = new CountDownLatch(1);
        ProgressListener listener = p -> {
          if (p.step() >= 2) {
            started.countDown();
          }
        };
        merged.add(CompletableFuture.supplyAsync(() -> pngs(perRow.generate(r, listener, new CancellationToken(),
            worker.execution(unet)))));
        previousStarted = started;
      }
      for (int i = 0; i < requests.size(); i++) {
        List<byte[]> got = merged.get(i).get(5, TimeUnit.MINUTES);
        assertThat(got).hasSameSizeAs(alone.get(i));
        for (int k = 0; k < got.size(); k++) {
          assertThat(got.get(k)).as("request %d image %d", i, k).isEqualTo(alone.get(i).get(k));
        }
      }
      List<Call> calls = unet.snapshot();
      assertThat(calls).anyMatch(c -> c.rows() > 4 && distinct(c.timesteps()) > 1,
          "some call merged several requests at different timesteps");
      assertThat(calls).allMatch(c -> c.rows() <= 16);
    }
  }

  @Test
  void paddingCallsToRowBucketsChangesNoResult() throws Exception {
    List<GenerationRequest> requests = eightRequests().subList(0, 4);
    List<List<byte[]>> plain = new ArrayList<>();
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      for (GenerationRequest r : requests) {
        plain.add(pngs(perRow.generate(r, ProgressListener.NONE, new CancellationToken(),
            worker.execution(perRow.unet()))));
      }
    }
    try (DeviceWorker worker = new DeviceWorker(16, 16, RowBuckets.powersOfTwo(16),
        new WorkerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))) {
      RecordingUnet unet = new RecordingUnet(perRow.unet());
      List<CompletableFuture<List<byte[]>>> padded = new ArrayList<>();
      for (GenerationRequest r : requests) {
        padded.add(CompletableFuture.supplyAsync(() -> pngs(perRow.generate(r, ProgressListener.NONE,
            new CancellationToken(), worker.execution(unet)))));
      }
      for (int i = 0; i < requests.size(); i++) {
        List<byte[]> got = padded.get(i).get(5, TimeUnit.MINUTES);
        for (int k = 0; k < got.size(); k++) {
          assertThat(got.get(k)).as("request %d image %d", i, k).isEqualTo(plain.get(i).get(k));
        }
      }
      assertThat(unet.snapshot()).extracting(Call::rows).allMatch(n -> List.of(1L, 2L, 4L, 8L, 16L).contains(n));
    }
  }

  @Test
  void rowBucketsPadUpToTheNextSizeWithinTheLimit() {
    RowBuckets b = RowBuckets.powersOfTwo(12);
    assertThat(b.sizes()).containsExactly(1, 2, 4, 8, 12);
    assertThat(b.padded(3, 12)).isEqualTo(4);
    assertThat(b.padded(9, 12)).isEqualTo(12);
    assertThat(b.padded(13, 12)).as("a job larger than the limit runs as it is").isEqualTo(13);
    assertThat(RowBuckets.NONE.padded(3, 12)).isEqualTo(3);
  }

  @Test
  void differentLatentSizesNeverShareACallAndEveryCallRunsOnTheWorkerThread() throws Exception {
    try (DeviceWorker worker = WorkerFixture.worker(64)) {
      RecordingUnet unet = new RecordingUnet(perRow.unet(), 5);
      List<CompletableFuture<GenerationResult>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        GenerationRequest r = GenerationRequest.builder().prompt("red").seed(i).steps(8)
            .size(64, i % 2 == 0 ? 64 : 96).build(GenerationLimits.defaults());
        runs.add(CompletableFuture.supplyAsync(() -> perRow.generate(r, ProgressListener.NONE,
            new CancellationToken(), worker.execution(unet))));
      }
      for (var run : runs) {
        assertThat(run.get(5, TimeUnit.MINUTES).images()).hasSize(1);
      }
      List<Call> calls = unet.snapshot();
      // 3 requests × 8 steps × 2 rows per size: every row accounted for in calls of that size only
      assertThat(calls.stream().filter(c -> c.height() == 8).mapToLong(Call::rows).sum()).isEqualTo(48);
      assertThat(calls.stream().filter(c -> c.height() == 12).mapToLong(Call::rows).sum()).isEqualTo(48);
      assertThat(calls).anyMatch(c -> c.rows() > 2, "requests of one size were merged");
      assertThat(calls).extracting(Call::thread).containsOnly(calls.get(0).thread());
      assertThat(calls.get(0).thread().getName()).isEqualTo("sdnest-device");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TimestepKind.class, names = {"FLOAT_ONE", "FLOAT_SCALAR"})
  void withAOneTimestepUnetDifferentTimestepsNeverShareACall(TimestepKind kind) throws Exception {
    StableDiffusionPipeline oneTimestep = singleTimestep(kind);
    try (DeviceWorker worker = WorkerFixture.worker(64)) {
      RecordingUnet unet = new RecordingUnet(oneTimestep.unet(), 2);
      List<CompletableFuture<GenerationResult>> runs = new ArrayList<>();
      CountDownLatch firstAtStep3 = new CountDownLatch(1);
      for (int i = 0; i < 4; i++) {
        // request 0 is a batch of 3 (its images always share timesteps); the others join when it is 3 steps in
        if (i == 1) {
          firstAtStep3.await(5, TimeUnit.MINUTES);
        }
        ProgressListener listener = i == 0 ? (Progress p) -> {
          if (p.step() >= 3) {
            firstAtStep3.countDown();
          }
        } : ProgressListener.NONE;
        GenerationRequest r = GenerationRequest.builder().prompt("green").seed(i).steps(12).size(64, 64)
            .batch(i == 0 ? 3 : 1, 1).build(GenerationLimits.defaults());
        runs.add(CompletableFuture.supplyAsync(() -> oneTimestep.generate(r, listener, new CancellationToken(),
            worker.execution(unet))));
      }
      for (var run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
      List<Call> calls = unet.snapshot();
      assertThat(calls).allMatch(c -> distinct(c.timesteps()) == 1, "one timestep per call");
      assertThat(calls).anyMatch(c -> c.rows() >= 6, "jobs at the same timestep share a call");
      assertThat(calls.stream().mapToLong(Call::rows).sum()).isEqualTo(6 * 12 * 2);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TimestepKind.class, names = {"FLOAT_ONE", "FLOAT_SCALAR"})
  void withAOneTimestepUnetEveryRunningJobAdvancesByOneEvaluationPerIteration(TimestepKind kind) throws Exception {
    StableDiffusionPipeline pipeline = singleTimestep(kind);
    String[] prompts = {"red", "green", "blue", "yellow"};
    int[] steps = {12, 14, 18, 20};
    try (DeviceWorker worker = WorkerFixture.worker(64)) {
      RecordingUnet unet = new RecordingUnet(pipeline.unet(), 2);
      // the worker reports progress on its own thread once an iteration's calls are done: calls made before a report
      // belong to that iteration or an earlier one
      Set<Integer> iterationEnds = Collections.synchronizedSet(new TreeSet<>());
      List<CompletableFuture<GenerationResult>> runs = new ArrayList<>();
      CountDownLatch previousStarted = new CountDownLatch(0);
      for (int i = 0; i < prompts.length; i++) {
        // each joins once the one before it is two steps in, so they are at different timesteps: several groups
        previousStarted.await(5, TimeUnit.MINUTES);
        CountDownLatch started = new CountDownLatch(1);
        ProgressListener listener = p -> {
          iterationEnds.add(unet.calls.size());
          if (p.step() >= 2) {
            started.countDown();
          }
        };
        // guidance 1: one row per job, whose text context tells the jobs apart
        GenerationRequest r = GenerationRequest.builder().prompt(prompts[i]).seed(i).sampler("Euler").cfgScale(1.0)
            .steps(steps[i]).size(64, 64).build(GenerationLimits.defaults());
        runs.add(CompletableFuture.supplyAsync(() -> pipeline.generate(r, listener, new CancellationToken(),
            worker.execution(unet))));
        previousStarted = started;
      }
      for (var run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
      List<Call> calls = unet.snapshot();
      List<List<Call>> iterations = new ArrayList<>();
      int from = 0;
      for (int end : List.copyOf(iterationEnds)) {
        iterations.add(calls.subList(from, end));
        from = end;
      }
      assertThat(from).as("every call is followed by a report").isEqualTo(calls.size());
      Map<Integer, Integer> firstIteration = new HashMap<>();
      Map<Integer, Integer> lastIteration = new HashMap<>();
      Map<Integer, Integer> evaluations = new HashMap<>();
      for (int it = 0; it < iterations.size(); it++) {
        List<Integer> jobs = iterations.get(it).stream().flatMap(c -> Arrays.stream(c.contexts()).boxed()).toList();
        assertThat(jobs).as("iteration %d runs each job at most once", it).doesNotHaveDuplicates();
        for (int job : jobs) {
          firstIteration.putIfAbsent(job, it);
          lastIteration.put(job, it);
          evaluations.merge(job, 1, Integer::sum);
        }
      }
      assertThat(evaluations.values()).as("one job per prompt, each with all its evaluations")
          .containsExactlyInAnyOrder(12, 14, 18, 20);
      for (int job : evaluations.keySet()) {
        assertThat(evaluations.get(job)).as("job %d ran in every iteration from its first to its last", job)
            .isEqualTo(lastIteration.get(job) - firstIteration.get(job) + 1);
      }
      assertThat(calls).allMatch(c -> distinct(c.timesteps()) == 1, "one timestep per call");
      assertThat(iterations).anyMatch(it -> it.size() >= 3, "jobs at different timesteps formed several groups");
    }
  }

  @Test
  void twoModelsInFlightAtOnceNeverShareACallAndEachRequestGetsItsSoloResult() throws Exception {
    List<GenerationRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      requests.add(GenerationRequest.builder().prompt(i % 2 == 0 ? "a red car" : "blue sky").seed(200 + i)
          .sampler(i % 3 == 0 ? "Euler a" : "DPM++ 2M").steps(12 + i).size(64, 64).build(GenerationLimits.defaults()));
    }
    // requests 0..2 on one model, 3..5 on the other
    List<StableDiffusionPipeline> model = List.of(perRow, perRow, perRow, tinted, tinted, tinted);
    List<List<byte[]>> alone = new ArrayList<>();
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      for (int i = 0; i < requests.size(); i++) {
        StableDiffusionPipeline p = model.get(i);
        alone.add(pngs(p.generate(requests.get(i), ProgressListener.NONE, new CancellationToken(),
            worker.execution(p.unet()))));
      }
    }
    assertThat(pngs(tinted.generate(requests.get(0), ProgressListener.NONE, new CancellationToken())).get(0))
        .as("the two models make different images of one request").isNotEqualTo(alone.get(0).get(0));
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      RecordingUnet plainUnet = new RecordingUnet(perRow.unet(), 3);
      RecordingUnet tintedUnet = new RecordingUnet(tinted.unet(), 3);
      List<CompletableFuture<List<byte[]>>> runs = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        StableDiffusionPipeline p = model.get(i);
        RecordingUnet unet = p == perRow ? plainUnet : tintedUnet;
        GenerationRequest r = requests.get(i);
        runs.add(CompletableFuture.supplyAsync(() -> pngs(p.generate(r, ProgressListener.NONE,
            new CancellationToken(), worker.execution(unet)))));
      }
      for (int i = 0; i < requests.size(); i++) {
        assertThat(runs.get(i).get(5, TimeUnit.MINUTES).get(0)).as("request %d", i).isEqualTo(alone.get(i).get(0));
      }
      List<Call> plain = plainUnet.snapshot();
      List<Call> tint = tintedUnet.snapshot();
      // every call went to exactly one model, with that model's rows only: 3 requests × their steps × 2 rows each
      assertThat(plain.stream().mapToLong(Call::rows).sum()).isEqualTo(2 * (12 + 13 + 14));
      assertThat(tint.stream().mapToLong(Call::rows).sum()).isEqualTo(2 * (15 + 16 + 17));
      assertThat(plain).anyMatch(c -> c.rows() > 2, "requests of one model were merged");
      assertThat(tint).anyMatch(c -> c.rows() > 2, "requests of one model were merged");
      assertThat(Math.max(plain.get(0).startNanos(), tint.get(0).startNanos()))
          .as("both models were in flight at once")
          .isLessThan(Math.min(plain.get(plain.size() - 1).startNanos(), tint.get(tint.size() - 1).startNanos()));
    }
  }

  @Test
  void aCancelledRequestStopsAtAStepBoundaryWhileTheOthersFinish() throws Exception {
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      RecordingUnet unet = new RecordingUnet(perRow.unet());
      CancellationToken cancel = new CancellationToken();
      List<Integer> cancelledSteps = new ArrayList<>();
      GenerationRequest longOne = GenerationRequest.builder().prompt("red").seed(1).steps(150).size(64, 64)
          .batch(1, 4).build(GenerationLimits.defaults());
      var cancelled = CompletableFuture.supplyAsync(() -> perRow.generate(longOne, p -> {
        cancelledSteps.add(p.step());
        if (p.step() == 5) {
          cancel.interrupt();
        }
      }, cancel, worker.execution(unet)));
      GenerationRequest other = GenerationRequest.builder().prompt("blue").seed(2).steps(20).size(64, 64)
          .build(GenerationLimits.defaults());
      GenerationResult otherResult = perRow.generate(other, ProgressListener.NONE, new CancellationToken(),
          worker.execution(unet));
      GenerationResult stopped = cancelled.get(5, TimeUnit.MINUTES);
      assertThat(stopped.interrupted()).isTrue();
      assertThat(stopped.images()).hasSize(1);
      assertThat(cancelledSteps).last().isEqualTo(5);
      assertThat(otherResult.images()).hasSize(1);
    }
  }

  @Test
  void interruptsLandingAtAnyMomentOfAnIterationEndTheirRequestsCleanly() throws Exception {
    // interrupts from other threads race with the worker's iteration; each must stop its own request at a step
    // boundary and nothing else (no request of the batch fails, the worker goes on)
    try (DeviceWorker worker = WorkerFixture.worker(16)) {
      java.util.Random random = new java.util.Random(7);
      for (int round = 0; round < 20; round++) {
        List<CancellationToken> tokens = new ArrayList<>();
        List<CompletableFuture<GenerationResult>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          CancellationToken token = new CancellationToken();
          tokens.add(token);
          GenerationRequest r = GenerationRequest.builder().prompt("red").seed(round * 10 + i)
              .sampler(i % 2 == 0 ? "Heun" : "Euler").steps(40).size(64, 64).build(GenerationLimits.defaults());
          runs.add(CompletableFuture.supplyAsync(() -> perRow.generate(r, ProgressListener.NONE, token,
              worker.execution(perRow.unet()))));
        }
        for (CancellationToken token : tokens) {
          Thread.sleep(random.nextInt(4));
          token.interrupt();
        }
        for (var run : runs) {
          GenerationResult result = run.get(5, TimeUnit.MINUTES);
          // an interrupt before the batch started leaves no image, one during it the image as it stands
          assertThat(result.images()).hasSizeLessThanOrEqualTo(1);
          assertThat(result.interrupted() || result.images().size() == 1).isTrue();
        }
      }
      GenerationRequest after = GenerationRequest.builder().prompt("blue").seed(3).steps(4).size(64, 64)
          .build(GenerationLimits.defaults());
      assertThat(perRow.generate(after, ProgressListener.NONE, new CancellationToken(),
          worker.execution(perRow.unet())).interrupted()).isFalse();
    }
  }

  private static long distinct(double[] values) {
    return java.util.Arrays.stream(values).distinct().count();
  }
}
