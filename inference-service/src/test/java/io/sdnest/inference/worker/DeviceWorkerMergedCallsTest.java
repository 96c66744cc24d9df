package io.sdnest.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.demo.DemoVariant.TimestepKind;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.DeviceCalls;
import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import io.sdnest.inference.engine.pipeline.GenerationResult;
import io.sdnest.inference.engine.pipeline.MergeableCall;
import io.sdnest.inference.engine.pipeline.ProgressListener;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;

/**
 * Text-encoder and VAE calls of concurrent requests merged on the worker: every image is byte-identical to the one the
 * local pipeline makes with each of those calls on its own, and a failing merged call fails only its own parts.
 */
class DeviceWorkerMergedCallsTest {

  @TempDir
  static Path dir;
  static StableDiffusionPipeline pipeline;

  @BeforeAll
  static void load() {
    pipeline = WorkerFixture.load(dir, DemoVariant.standard().withTimestep(TimestepKind.FLOAT_BATCH));
  }

  @AfterAll
  static void close() {
    pipeline.model().close();
  }

  /** Different prompts (emphasis, prompt editing, a long one), sizes, seeds, clip skip, img2img and hires. */
  private static List<GenerationRequest> requests() {
    GenerationLimits limits = GenerationLimits.defaults();
    String longPrompt = String.join(", ", java.util.Collections.nCopies(30, "red car on a (blue:1.2) road"));
    return List.of(
        GenerationRequest.builder().prompt("a red car").seed(1).steps(6).size(64, 64).batch(3, 1).build(limits),
        GenerationRequest.builder().prompt("blue sky, (green:1.3) grass").seed(2).steps(6).size(64, 80)
            .sampler("DPM++ 2M").clipSkip(2).build(limits),
        GenerationRequest.builder().prompt("[cat:dog:0.5] in a field").negativePrompt("grey").seed(3).steps(6)
            .size(64, 64).build(limits),
        GenerationRequest.builder().prompt("a house").seed(4).steps(6).size(64, 64).batch(2, 1)
            .img2img(List.of(Bitmap.filled(64, 64, 200, 40, 40), Bitmap.filled(64, 64, 20, 90, 220)), 0.6)
            .build(limits),
        GenerationRequest.builder().prompt("a tree").seed(5).steps(4).size(64, 64).batch(2, 1)
            .hires(new Hires(2.0, 0, 0, "Lanczos", 3, 0.5, "", "", null, null)).build(limits),
        GenerationRequest.builder().prompt(longPrompt).negativePrompt("blurry").seed(6).steps(6).size(64, 80)
            .build(limits));
  }

  private static List<byte[]> pngs(GenerationResult result) {
    return result.images().stream().map(i -> i.encoded()).toList();
  }

  @Test
  void imagesAreByteIdenticalWhenTextEncodingAndVaeCallsOfSeveralRequestsAreMerged() throws Exception {
    List<GenerationRequest> requests = requests();
    List<List<byte[]>> local = new ArrayList<>();
    for (GenerationRequest r : requests) {
      local.add(pngs(pipeline.generate(r, ProgressListener.NONE, new CancellationToken())));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkerMetrics metrics = new WorkerMetrics(registry);
    try (DeviceWorker worker = new DeviceWorker(16, 16, RowBuckets.NONE, metrics)) {
      DeviceCalls device = worker.execution(pipeline.unet()).device();
      // hold the worker until every request has queued its first prompt, so those are merged for sure
      Gate gate = new Gate();
      CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> device.run(gate, "gate"));
      gate.entered.await();
      List<CompletableFuture<List<byte[]>>> merged = new ArrayList<>();
      for (GenerationRequest r : requests) {
        merged.add(CompletableFuture.supplyAsync(() -> pngs(pipeline.generate(r, ProgressListener.NONE,
            new CancellationToken(), worker.execution(pipeline.unet())))));
      }
      while (worker.queuedSubmissions() < requests.size()) {
        Thread.sleep(5);
      }
      gate.release.countDown();
      assertThat(held.get()).isEqualTo("gate");
      for (int i = 0; i < requests.size(); i++) {
        List<byte[]> got = merged.get(i).get(5, TimeUnit.MINUTES);
        assertThat(got).hasSameSizeAs(local.get(i));
        for (int k = 0; k < got.size(); k++) {
          assertThat(got.get(k)).as("request %d image %d", i, k).isEqualTo(local.get(i).get(k));
        }
      }
    }
    assertThat(callsOfMoreThanOneRow(metrics.rows(MergeableCall.Kind.TEXT_ENCODER)))
        .as("text-encoder calls that merged several prompts").isPositive();
    assertThat(callsOfMoreThanOneRow(metrics.rows(MergeableCall.Kind.VAE_DECODER)))
        .as("VAE decoder calls of several images").isPositive();
    assertThat(callsOfMoreThanOneRow(metrics.rows(MergeableCall.Kind.VAE_ENCODER)))
        .as("VAE encoder calls of several images").isPositive();
    assertThat(registry.find("sdnest.inference.vae.rows").tag("call", "decode").summary()).isNotNull();
  }

  @Test
  void vaeCallsHoldNoMoreImagesThanTheirLimit() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkerMetrics metrics = new WorkerMetrics(registry);
    GenerationRequest batchOfFive = GenerationRequest.builder().prompt("a red car").seed(9).steps(3).size(64, 64)
        .batch(5, 1).build(GenerationLimits.defaults());
    List<byte[]> local = pngs(pipeline.generate(batchOfFive, ProgressListener.NONE, new CancellationToken()));
    try (DeviceWorker worker = new DeviceWorker(16, 2, RowBuckets.NONE, metrics)) {
      List<byte[]> got = pngs(pipeline.generate(batchOfFive, ProgressListener.NONE, new CancellationToken(),
          worker.execution(pipeline.unet())));
      for (int k = 0; k < got.size(); k++) {
        assertThat(got.get(k)).as("image %d", k).isEqualTo(local.get(k));
      }
    }
    DistributionSummary decode = metrics.rows(MergeableCall.Kind.VAE_DECODER);
    assertThat(decode.count()).as("5 images in calls of at most 2").isEqualTo(3);
    assertThat(decode.totalAmount()).isEqualTo(5);
    assertThat(decode.max()).isEqualTo(2);
  }

  @Test
  void aFailingMergedCallFailsOnlyThePartsInItAndTheWorkerGoesOn() throws Exception {
    WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    try (DeviceWorker worker = new DeviceWorker(16, 16, RowBuckets.NONE, metrics)) {
      DeviceCalls device = worker.execution(pipeline.unet()).device();
      Gate gate = new Gate();
      CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> device.run(gate, "gate"));
      gate.entered.await();
      Doubling doubling = new Doubling();
      var healthyNeighbour = CompletableFuture.supplyAsync(() -> device.run(doubling, new Doubling.Part("a", 1)));
      var poisoned = CompletableFuture.supplyAsync(() -> device.run(doubling, new Doubling.Part("a", -1)));
      var otherGroup = CompletableFuture.supplyAsync(() -> device.run(doubling, new Doubling.Part("b", 3)));
      while (worker.queuedSubmissions() < 3) {
        Thread.sleep(5);
      }
      gate.release.countDown();
      held.get();
      assertThat(otherGroup.get()).isEqualTo(6);
      assertThatThrownBy(poisoned::get).hasRootCauseMessage("negative input");
      assertThatThrownBy(healthyNeighbour::get).as("it shared the failing call").hasRootCauseMessage("negative input");
      assertThat(doubling.calls).hasSize(2)
          .anySatisfy(call -> assertThat(call).containsExactlyInAnyOrder(1, -1))
          .anySatisfy(call -> assertThat(call).containsExactly(3));
      assertThat(device.run(doubling, List.of(new Doubling.Part("a", 4), new Doubling.Part("a", 5))))
          .as("the worker still runs, and merges one submission's parts").containsExactly(8, 10);
      assertThat(doubling.calls).last().isEqualTo(List.of(4, 5));
    }
  }

  private static long callsOfMoreThanOneRow(DistributionSummary rows) {
    CountAtBucket[] buckets = rows.takeSnapshot().histogramCounts();
    double oneRow = Arrays.stream(buckets).filter(b -> b.bucket() == 1.0).mapToDouble(CountAtBucket::count)
        .findFirst().orElseThrow();
    return rows.count() - (long) oneRow;
  }

  /** A one-row text-encoder call that holds the worker thread until released. */
  private static final class Gate implements MergeableCall<String, String> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Kind kind() {
      return Kind.TEXT_ENCODER;
    }

    @Override
    public Object key(String part) {
      return part;
    }

    @Override
    public int rows(String part) {
      return 1;
    }

    @Override
    public List<String> run(List<String> parts) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return parts;
    }
  }

  /** Doubles one number per part; parts of one group share a call, which fails if any number in it is negative. */
  private static final class Doubling implements MergeableCall<Doubling.Part, Integer> {
    record Part(String group, int value) {
    }

    final List<List<Integer>> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Kind kind() {
      return Kind.VAE_DECODER;
    }

    @Override
    public Object key(Part part) {
      return part.group();
    }

    @Override
    public int rows(Part part) {
      return 1;
    }

    @Override
    public List<Integer> run(List<Part> parts) {
      List<Integer> in = parts.stream().map(Part::value).toList();
      calls.add(in);
      if (in.stream().anyMatch(v -> v < 0)) {
        throw new IllegalStateException("negative input");
      }
      return in.stream().map(v -> 2 * v).toList();
    }
  }
}
