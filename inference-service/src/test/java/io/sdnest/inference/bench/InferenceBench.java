package io.sdnest.inference.bench;

import io.sdnest.inference.engine.demo.DemoPipelineGenerator;
import io.sdnest.inference.engine.demo.DemoVariant;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.image.TensorImages;
import io.sdnest.inference.engine.model.PipelineFolder;
import io.sdnest.inference.engine.noise.InitialNoise;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.onnx.OnnxSessionFactory;
import io.sdnest.inference.engine.pipeline.CancellationToken;
import io.sdnest.inference.engine.pipeline.DenoiseJob;
import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.GenerationResult;
import io.sdnest.inference.engine.pipeline.LocalDenoiser;
import io.sdnest.inference.engine.pipeline.ModelIdentity;
import io.sdnest.inference.engine.pipeline.PipelineSettings;
import io.sdnest.inference.engine.pipeline.ProgressListener;
import io.sdnest.inference.engine.pipeline.StableDiffusionPipeline;
import io.sdnest.inference.engine.pipeline.UnetModel;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerChoice;
import io.sdnest.inference.engine.sampler.SamplerOptions;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.ConditionerOptions;
import io.sdnest.inference.engine.text.PromptConditioner;
import io.sdnest.inference.engine.text.ScheduledConditioning;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The inference engine's benchmark (bench/inference/run.sh), not a test: per-step overhead outside ONNX Runtime,
 * latents → PNG → base64, and a 20-step 512×512 txt2img split by stage, on the demo model. Prints Markdown.
 */
public final class InferenceBench {

  private static final int SIZE = 512;
  private static final int LATENT = SIZE / 8;
  private static final int STEPS = 20;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("sdnest-bench");
    new DemoPipelineGenerator().write(dir, DemoVariant.standard());
    try (LoadedPipeline model = LoadedPipeline.load(PipelineFolder.read(dir, DemoPipelineGenerator.NAME),
        OnnxSessionFactory.cpu())) {
      StableDiffusionPipeline pipeline = new StableDiffusionPipeline(model, new ModelIdentity("sdnest-demo",
          "0000000000"), new PipelineSettings(ConditionerOptions.defaults(), 16, new Random(1)));
      System.out.println("### (a) Time per step outside ONNX Runtime (UNet replaced by a stand-in returning a "
          + "preallocated output), 512×512, cfg 7 (2 rows per image)");
      System.out.println();
      for (String sampler : List.of("Euler", "DPM++ 2M", "Euler a")) {
        stepOverheadMillis(pipeline, sampler, 8, WALL);
      }
      System.out.println("| sampler | images | ms/step wall | ms/step CPU (this thread) |");
      System.out.println("|---|---|---|---|");
      for (String sampler : List.of("Euler", "DPM++ 2M", "Euler a")) {
        for (int batch : new int[] {1, 8}) {
          System.out.printf("| %s | %d | %.3f | %.3f |%n", sampler, batch,
              stepOverheadMillis(pipeline, sampler, batch, WALL), stepOverheadMillis(pipeline, sampler, batch, CPU));
        }
      }
      System.out.println();
      System.out.println("Medians of 15 runs of 20 steps. CPU = the calling thread's CPU time (ThreadMXBean), which "
          + "a loaded machine inflates far less than wall time; the stand-in UNet runs no other threads.");
      System.out.println();
      System.out.println("### (b) Latents → PNG → base64, one 512×512 image (median of 20 after 40 warm-ups)");
      System.out.println();
      latentsToPng(model);
      System.out.println();
      System.out.println("### (c) 20-step txt2img 512×512, Euler, cfg 7, batch 1 (median of 5 after 1 warm-up)");
      System.out.println();
      wholeRequest(pipeline);
    }
  }

  private static final LongSupplier WALL = System::nanoTime;
  private static final LongSupplier CPU = () -> ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();

  private static double stepOverheadMillis(StableDiffusionPipeline pipeline, String samplerName, int images,
      LongSupplier clock) {
    PromptConditioner conditioner = new PromptConditioner(pipeline.model().textEncoder(), pipeline.tokenizer(),
        ConditionerOptions.defaults());
    FloatTensor cond = conditioner.encode("a red car");
    FloatTensor uncond = conditioner.encode("");
    // leaves the caller's output array as it is (zeros): no model time, only the loop's own work is measured
    UnetModel standIn = new UnetModel() {
      @Override
      public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
      }

      @Override
      public boolean perRowTimesteps() {
        return false;
      }
    };
    SamplerChoice choice = SamplerCatalog.resolve(samplerName, null, null);
    LocalDenoiser denoiser = new LocalDenoiser(standIn, 64);
    return median(15, () -> {
      List<DenoiseJob> jobs = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        InitialNoise noise = InitialNoise.create(1000 + i, -1, 0, -1, -1, 4, LATENT, LATENT, 0);
        var schedule = choice.schedule(STEPS, pipeline.modelSigmas());
        var run = choice.sampler().sampler().start(noise.noise(), schedule, noise.continuation(),
            SamplerOptions.of(choice.sampler().sampler(), null, null, null, null, null));
        jobs.add(new DenoiseJob(run, List.of(new ScheduledConditioning(STEPS, cond)),
            List.of(new ScheduledConditioning(STEPS, uncond)), 7.0, pipeline.modelSigmas(),
            pipeline.model().predictionType(), 4, LATENT, LATENT, null, null));
      }
      long t = clock.getAsLong();
      denoiser.run(jobs, (step, total) -> { }, new CancellationToken());
      return (clock.getAsLong() - t) / STEPS;
    }) / 1e6;
  }

  /**
   * Each stage's median over the measured runs. The warm-up runs stay out of every figure: ONNX Runtime plans and
   * allocates on the first run of a shape, and the Java copies of the 3×512×512 output run interpreted until the JIT
   * has compiled them, which takes some 20 calls (a 2 ms decoder call measured 23 ms with 5 warm-ups).
   */
  private static void latentsToPng(LoadedPipeline model) {
    float[] latent = InitialNoise.create(7, -1, 0, -1, -1, 4, LATENT, LATENT, 0).noise();
    String[] names = {"VAE decode (ONNX Runtime, demo decoder)", "tensor → RGB bitmap", "PNG encode with infotext",
        "base64", "**total**"};
    int warmUp = 40;
    int runs = 20;
    long[][] samples = new long[names.length][runs];
    long[][] cpu = new long[names.length][runs];
    int png = 0;
    long coldDecode = 0;
    for (int r = -warmUp; r < runs; r++) {
      long t0 = System.nanoTime();
      float[] u = latent.clone();
      float scale = (float) model.scalingFactor();
      for (int i = 0; i < u.length; i++) {
        u[i] /= scale;
      }
      FloatTensor rgb = model.vaeDecoder().decode(new FloatTensor(u, new long[] {1, 4, LATENT, LATENT}));
      long t1 = System.nanoTime();
      long c1 = CPU.getAsLong();
      Bitmap bitmap = TensorImages.toBitmap(rgb, 0);
      long t2 = System.nanoTime();
      long c2 = CPU.getAsLong();
      byte[] encoded = ImageCodec.encodePng(bitmap, "a red car\nSteps: 20, Sampler: Euler, CFG scale: 7.0, Seed: 7");
      long t3 = System.nanoTime();
      long c3 = CPU.getAsLong();
      String b64 = ImageCodec.toBase64(encoded);
      long t4 = System.nanoTime();
      long c4 = CPU.getAsLong();
      png = Math.max(png, b64.length());
      if (r == -warmUp) {
        coldDecode = t1 - t0;
      }
      if (r >= 0) {
        long[] times = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0};
        long[] cpuTimes = {-1, c2 - c1, c3 - c2, c4 - c3, c4 - c1};
        for (int k = 0; k < names.length; k++) {
          samples[k][r] = times[k];
          cpu[k][r] = cpuTimes[k];
        }
      }
    }
    System.out.println("| stage | ms wall (median) | ms CPU, this thread (median) |");
    System.out.println("|---|---|---|");
    for (int k = 0; k < names.length; k++) {
      long[] values = samples[k].clone();
      Arrays.sort(values);
      long[] cpuValues = cpu[k].clone();
      Arrays.sort(cpuValues);
      String cpuText = k == 0 ? "– (ORT threads)" : k == names.length - 1 ? String.format("%.2f (without decode)",
          cpuValues[runs / 2] / 1e6) : String.format("%.2f", cpuValues[runs / 2] / 1e6);
      System.out.printf("| %s | %.2f | %s |%n", names[k], values[runs / 2] / 1e6, cpuText);
    }
    System.out.printf("%nFirst (cold) decoder call, not in the table: %.1f ms%n", coldDecode / 1e6);
    System.out.printf("%nbase64 PNG size: %d characters%n", png);
  }

  private static void wholeRequest(StableDiffusionPipeline pipeline) {
    GenerationRequest request = GenerationRequest.builder().prompt("a red car, (blue sky:1.2)").negativePrompt(
        "blurry").size(SIZE, SIZE).steps(STEPS).seed(1).sampler("Euler").build(GenerationLimits.defaults());
    List<long[]> samples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long t = System.nanoTime();
      pipeline.tokenizer().encode(request.prompts().prompt());
      pipeline.tokenizer().encode(request.prompts().negativePrompt());
      long tokenize = System.nanoTime() - t;
      t = System.nanoTime();
      GenerationResult result = pipeline.generate(request, ProgressListener.NONE, new CancellationToken());
      long total = System.nanoTime() - t;
      var s = result.timings();
      if (i > 0) {
        samples.add(new long[] {tokenize, s.textNanos(), s.denoiseNanos(), s.decodeNanos(), s.encodeNanos(),
            s.otherNanos(), total});
      }
    }
    String[] names = {"tokenize (both prompts, measured separately)", "text encode (tokenize + text encoder)",
        "denoise (20 steps incl. ONNX UNet)", "VAE decode + overlay", "infotext + PNG encode", "other", "total"};
    System.out.println("| stage | ms (median) |");
    System.out.println("|---|---|");
    for (int k = 0; k < names.length; k++) {
      int col = k;
      long[] values = samples.stream().mapToLong(v -> v[col]).sorted().toArray();
      System.out.printf("| %s | %.2f |%n", names[k], values[values.length / 2] / 1e6);
    }
  }

  private static double median(int runs, LongSupplier sample) {
    for (int i = 0; i < 5; i++) {
      sample.getAsLong();
    }
    long[] values = new long[runs];
    for (int i = 0; i < runs; i++) {
      values[i] = sample.getAsLong();
    }
    Arrays.sort(values);
    return values[runs / 2];
  }
}
