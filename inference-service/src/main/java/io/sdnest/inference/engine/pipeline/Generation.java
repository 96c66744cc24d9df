package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.image.InpaintOverlay;
import io.sdnest.inference.engine.image.LatentUpscaleMode;
import io.sdnest.inference.engine.image.Masks;
import io.sdnest.inference.engine.image.PixelUpscaler;
import io.sdnest.inference.engine.image.ResizeMode;
import io.sdnest.inference.engine.infotext.GenerationInfo;
import io.sdnest.inference.engine.infotext.InfotextBuilder;
import io.sdnest.inference.engine.noise.InitialNoise;
import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.noise.NvGenerator;
import io.sdnest.inference.engine.noise.SeedPlan;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Img2Img;
import io.sdnest.inference.engine.prompt.ExtraNetworkParser;
import io.sdnest.inference.engine.prompt.ExtraNetworkTag;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.sampler.SamplerChoice;
import io.sdnest.inference.engine.sampler.SamplerOptions;
import io.sdnest.inference.engine.sampler.SamplerRun;
import io.sdnest.inference.engine.sampler.SamplerSchedule;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.PromptConditioner;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One request on its way through {@link StableDiffusionPipeline}: the per-request state and the order of stages. */
final class Generation {

  static final String EXTRA_NETWORKS_KEY = "Extra networks not applied";
  private static final int LATENT_CHANNELS = 4;
  private static final DateTimeFormatter JOB_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final StableDiffusionPipeline pipeline;
  private final LoadedPipeline model;
  private final GenerationRequest request;
  private final ProgressListener progress;
  private final CancellationToken cancel;
  private final Denoiser denoiser;
  private final DeviceCalls device;
  private final SamplerChoice choice;
  private final SeedPlan seeds;
  private final int width;
  private final int height;
  private final Map<String, Object> extra = new LinkedHashMap<>();
  /** Per distinct init image. */
  private final Map<Integer, float[]> initLatents = new LinkedHashMap<>();
  private long textNanos;
  private long denoiseNanos;
  private long decodeNanos;
  private long encodeNanos;

  Generation(StableDiffusionPipeline pipeline, GenerationRequest request, ProgressListener progress,
      CancellationToken cancel, Execution execution) {
    this.pipeline = pipeline;
    this.denoiser = execution.denoiser();
    this.device = execution.device();
    this.model = pipeline.model();
    this.request = request;
    this.progress = progress;
    this.cancel = cancel;
    var sampling = request.sampling();
    this.choice = SamplerCatalog.resolve(sampling.samplerName(), null, sampling.scheduler());
    var s = request.seeds();
    this.seeds = SeedPlan.of(s.seed(), s.subseed(), s.subseedStrength(), request.size().images(),
        pipeline.settings().seeds());
    this.width = request.size().width();
    this.height = request.size().height();
  }

  GenerationResult run() {
    long start = System.nanoTime();
    var sampling = request.sampling();
    String prompt = request.prompts().prompt();
    String negative = request.prompts().negativePrompt();
    ExtraNetworkParser.Result positiveTags = ExtraNetworkParser.parse(prompt);
    ExtraNetworkParser.Result negativeTags = ExtraNetworkParser.parse(negative);
    Img2Img img2img = request.img2img();
    Hires hires = request.hires();

    long t = System.nanoTime();
    PromptEncoder encoder = new PromptEncoder(new PromptConditioner(new DeviceTextEncoder(model.textEncoder(), device),
        pipeline.tokenizer(),
        pipeline.settings().conditioner().withClipSkip(sampling.clipSkip())
            .withMaxChunks(request.prompts().maxChunks())));
    int firstPassSteps = choice.sampler().totalSteps(sampling.steps());
    Conditioning first = encoder.encode(positiveTags.prompt(), negativeTags.prompt(), firstPassSteps, null,
        "prompt", "negative_prompt");
    Conditioning second = null;
    if (hires != null) {
      String hrPrompt = ExtraNetworkParser.parse(orElse(hires.prompt(), prompt)).prompt();
      String hrNegative = ExtraNetworkParser.parse(orElse(hires.negativePrompt(), negative)).prompt();
      second = encoder.encode(hrPrompt, hrNegative, firstPassSteps, hiresChoice().sampler().totalSteps(hiresSteps()),
          "hr_prompt", "hr_negative_prompt");
    }
    textNanos = System.nanoTime() - t;

    PreparedInit init = img2img == null ? null : InitImages.prepare(img2img, width, height);
    fillExtraParams(init, positiveTags, negativeTags);

    List<GeneratedImage> images = new ArrayList<>();
    int batchSize = request.size().batchSize();
    int batches = request.size().nIter();
    for (int b = 0; b < batches && !cancel.isInterrupted(); b++) {
      List<DenoiseJob> jobs = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        jobs.add(firstPassJob(b * batchSize + i, first, init));
      }
      denoise(jobs, img2img == null ? "txt2img" : "img2img", b, height / 8, width / 8);
      int h = height / 8;
      int w = width / 8;
      if (hires != null && !cancel.stopsBatch()) {
        int[] target = hires.targetSize(width, height);
        jobs = hiresJobs(jobs, b, second, target[1] / 8, target[0] / 8);
        h = target[1] / 8;
        w = target[0] / 8;
        denoise(jobs, "hires", b, h, w);
      }
      if (cancel.isAbandoned()) {
        break;
      }
      images.addAll(outputs(b * batchSize, jobs, h, w, init));
      cancel.batchFinished();
    }
    long other = System.nanoTime() - start - textNanos - denoiseNanos - decodeNanos - encodeNanos;
    return new GenerationResult(images, info(images), cancel.isInterrupted(),
        new StageTimings(textNanos, denoiseNanos, decodeNanos, encodeNanos, other));
  }

  private DenoiseJob firstPassJob(int k, Conditioning conditioning, PreparedInit init) {
    var sampling = request.sampling();
    int h = height / 8;
    int w = width / 8;
    InitialNoise noise = initialNoise(k, h, w, choice);
    SamplerSchedule schedule = choice.schedule(sampling.steps(), pipeline.modelSigmas());
    float[] imageConditioning = null;
    LatentBlend blend = null;
    float[] x;
    if (init == null) {
      x = scaled(noise.noise(), choice.sampler().sampler().initialNoiseScale(schedule.sigmas()[0]));
      imageConditioning = model.isInpainting() ? plainImageConditioning(k, h, w) : null;
    } else {
      Img2Img img2img = request.img2img();
      float[] initLatent = initLatent(k, init, h, w);
      if (init.mask() != null) {
        float[] mask = Masks.latentMask(init.mask(), h, w, img2img.maskRound());
        initLatent = maskedContent(initLatent, mask, k, img2img.inpaintingFill());
        blend = new LatentBlend(initLatent, mask);
      }
      if (model.isInpainting()) {
        imageConditioning = inpaintingConditioning(k, init, h, w);
      }
      schedule = DenoisingStart.tail(schedule, sampling.steps(), img2img.denoisingStrength());
      x = DenoisingStart.noised(initLatent, noise.noise(), img2img.initialNoiseMultiplier(), schedule.sigmas()[0]);
    }
    SamplerRun run = choice.sampler().sampler().start(x, schedule, noise.continuation(), options(choice));
    return job(run, conditioning, h, w, imageConditioning, blend);
  }

  private List<DenoiseJob> hiresJobs(List<DenoiseJob> firstPass, int batch, Conditioning conditioning, int h, int w) {
    Hires hires = request.hires();
    var sampling = request.sampling();
    SamplerChoice hrChoice = hiresChoice();
    int steps = hiresSteps();
    String upscaler = hires.upscalerOrDefault();
    var latentMode = LatentUpscaleMode.byTitle(upscaler);
    int[] up = hires.upscaleSize(width, height);
    int[] crop = hires.latentCrop(width, height);
    int first = batch * request.size().batchSize();
    List<float[]> latents = firstPass.stream().map(DenoiseJob::latent).toList();
    List<float[]> upscaledAll;
    if (latentMode.isPresent()) {
      upscaledAll = latents.stream().map(latent -> latentMode.get().resize(new FloatTensor(latent,
          new long[] {1, LATENT_CHANNELS, height / 8, width / 8}), up[1] / 8, up[0] / 8).data()).toList();
    } else {
      PixelUpscaler pixels = PixelUpscaler.byTitle("hr_upscaler", upscaler);
      List<Bitmap> big = pipeline.vae().decode(latents, height / 8, width / 8, device).stream()
          .map(image -> ResizeMode.JUST_RESIZE.apply(image, up[0], up[1], pixels)).toList();
      List<NoiseSource> noise = new ArrayList<>(big.size());
      for (int i = 0; i < big.size(); i++) {
        noise.add(new NvGenerator(seeds.seeds()[first + i]));
      }
      upscaledAll = pipeline.vae().encode(big, noise, device);
    }
    List<DenoiseJob> jobs = new ArrayList<>(firstPass.size());
    for (int i = 0; i < firstPass.size(); i++) {
      int k = first + i;
      float[] upscaled = LatentCrop.crop(upscaledAll.get(i), LATENT_CHANNELS, up[1] / 8, up[0] / 8, crop[0], crop[1]);
      InitialNoise noise = initialNoise(k, h, w, hrChoice);
      SamplerSchedule schedule = DenoisingStart.tail(hrChoice.schedule(steps, pipeline.modelSigmas()), steps,
          hires.denoisingStrength());
      float[] x = DenoisingStart.noised(upscaled, noise.noise(), 1.0, schedule.sigmas()[0]);
      SamplerRun run = hrChoice.sampler().sampler().start(x, schedule, noise.continuation(), options(hrChoice));
      float[] imageConditioning = model.isInpainting() ? plainImageConditioning(k, h, w) : null;
      jobs.add(job(run, conditioning, h, w, imageConditioning, null));
    }
    return jobs;
  }

  private DenoiseJob job(SamplerRun run, Conditioning conditioning, int h, int w, float[] imageConditioning,
      LatentBlend blend) {
    return DenoiseJob.composable(run, conditioning.conds(), conditioning.uncond(), request.sampling().cfgScale(),
        pipeline.modelSigmas(), model.predictionType(), LATENT_CHANNELS, h, w, imageConditioning, blend);
  }

  private void denoise(List<DenoiseJob> jobs, String pass, int batch, int h, int w) {
    long t = System.nanoTime();
    int every = progress.previewEvery();
    int batches = request.size().nIter();
    denoiser.run(jobs, (step, total) -> {
      boolean show = every > 0 ? step % every == 0 || step == total : every < 0 && step == total;
      Bitmap preview = show ? LatentPreview.of(jobs.get(0).latent(), h, w) : null;
      progress.onStep(new Progress(pass, batch, batches, step, total, preview));
    }, cancel);
    denoiseNanos += System.nanoTime() - t;
  }

  /** The images of one batch, whose first image is image {@code first}: decoded together, then encoded one by one. */
  private List<GeneratedImage> outputs(int first, List<DenoiseJob> jobs, int h, int w, PreparedInit init) {
    long t = System.nanoTime();
    List<Bitmap> decoded = pipeline.vae().decode(jobs.stream().map(DenoiseJob::latent).toList(), h, w, device);
    decodeNanos += System.nanoTime() - t;
    List<GeneratedImage> out = new ArrayList<>(decoded.size());
    for (int i = 0; i < decoded.size(); i++) {
      out.add(output(first + i, decoded.get(i), init));
    }
    return out;
  }

  private GeneratedImage output(int k, Bitmap decoded, PreparedInit init) {
    long t = System.nanoTime();
    Bitmap image = decoded;
    if (init != null && init.overlay(k) != null) {
      image = InpaintOverlay.apply(image, init.pasteTo(), init.overlay(k));
    }
    decodeNanos += System.nanoTime() - t;
    t = System.nanoTime();
    String infotext = infotext(k);
    var out = request.output();
    byte[] encoded = ImageCodec.encode(image, out.format(), infotext, out.jpegQuality());
    encodeNanos += System.nanoTime() - t;
    return new GeneratedImage(image, encoded, seeds.seeds()[k], seeds.subseeds()[k], infotext);
  }

  /**
   * Image k's starting noise; its continuation feeds the sampler. With ENSD that continuation is seed + ENSD, except
   * for A1111's Brownian-noise samplers, whose noise sampler A1111 seeds with the plain image seed.
   */
  private InitialNoise initialNoise(int k, int h, int w, SamplerChoice sampler) {
    var s = request.seeds();
    long ensd = sampler.sampler().usesBrownianNoise() ? 0 : s.etaNoiseSeedDelta();
    return InitialNoise.create(seeds.seeds()[k], seeds.subseeds()[k], s.subseedStrength(), s.seedResizeFromW(),
        s.seedResizeFromH(), LATENT_CHANNELS, h, w, ensd);
  }

  /**
   * The VAE latent of image k's init image, encoded once per distinct init image with the seed of the first image that
   * uses it. The first call encodes every init image the request uses, as one submission, so they can share a call.
   */
  private float[] initLatent(int k, PreparedInit init, int h, int w) {
    if (initLatents.isEmpty()) {
      int distinct = Math.min(init.images().size(), seeds.seeds().length);
      List<Bitmap> images = init.images().subList(0, distinct);
      List<NoiseSource> noise = new ArrayList<>(distinct);
      for (int i = 0; i < distinct; i++) {
        noise.add(new NvGenerator(seeds.seeds()[i]));
      }
      List<float[]> latents = pipeline.vae().encode(images, noise, device);
      for (int i = 0; i < distinct; i++) {
        initLatents.put(i, resized(latents.get(i), images.get(i).height() / 8, images.get(i).width() / 8, h, w));
      }
    }
    return initLatents.get(k % init.images().size()).clone();
  }

  /** inpainting_fill 2 replaces the masked init latent by the image's seed noise, 3 by zeros. */
  private float[] maskedContent(float[] initLatent, float[] mask, int k, int fill) {
    if (fill != 2 && fill != 3) {
      return initLatent;
    }
    float[] noise = fill == 2 ? new NvGenerator(seeds.seeds()[k]).next(initLatent.length) : null;
    int plane = mask.length;
    for (int i = 0; i < initLatent.length; i++) {
      float m = mask[i % plane];
      initLatent[i] = initLatent[i] * (1 - m) + (noise == null ? 0f : noise[i] * m);
    }
    return initLatent;
  }

  /**
   * The 9-channel UNet's extra input for img2img: the mask (nearest-sampled to latent size) and the latent of the
   * init image with the masked area blanked.
   */
  private float[] inpaintingConditioning(int k, PreparedInit init, int h, int w) {
    Bitmap image = init.image(k);
    FloatTensor source = io.sdnest.inference.engine.image.TensorImages.toTensor(image);
    int iw = image.width();
    int ih = image.height();
    int plane = iw * ih;
    float[] fullMask = new float[plane];
    Arrays.fill(fullMask, 1f);
    if (init.mask() != null && init.mask().width() == iw && init.mask().height() == ih) {
      byte[] m = init.mask().data();
      boolean round = request.img2img().maskRound();
      for (int i = 0; i < plane; i++) {
        float v = (m[i] & 0xFF) / 255f;
        fullMask[i] = round ? (float) Math.rint(v) : v;
      }
    }
    float[] masked = source.data().clone();
    for (int i = 0; i < masked.length; i++) {
      masked[i] *= 1 - fullMask[i % plane];
    }
    float[] latent = pipeline.vae().encode(new FloatTensor(masked, source.shape()), new NvGenerator(seeds.seeds()[k]),
        device);
    float[] smallMask = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        smallMask[y * w + x] = fullMask[Math.min(ih - 1, y * ih / h) * iw + Math.min(iw - 1, x * iw / w)];
      }
    }
    return concat(smallMask, resized(latent, ih / 8, iw / 8, h, w));
  }

  /** A1111's {@code txt2img_image_conditioning} for inpainting UNets: mask 1 and the latent of a grey image. */
  private float[] plainImageConditioning(int k, int h, int w) {
    float[] ones = new float[h * w];
    Arrays.fill(ones, 1f);
    FloatTensor grey = new FloatTensor(new float[3 * h * 8 * w * 8], new long[] {3, h * 8L, w * 8L});
    return concat(ones, pipeline.vae().encode(grey, new NvGenerator(seeds.seeds()[k]), device));
  }

  private static float[] resized(float[] latent, int fromH, int fromW, int h, int w) {
    if (fromH == h && fromW == w) {
      return latent;
    }
    return LatentUpscaleMode.LATENT.resize(new FloatTensor(latent, new long[] {1, LATENT_CHANNELS, fromH, fromW}), h,
        w).data();
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static float[] scaled(float[] v, double factor) {
    float[] out = new float[v.length];
    float f = (float) factor;
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * f;
    }
    return out;
  }

  private SamplerOptions options(SamplerChoice c) {
    var s = request.sampling();
    return SamplerOptions.of(c.sampler().sampler(), s.eta(), s.sChurn(), s.sTmin(), s.sTmax(), s.sNoise());
  }

  private SamplerChoice hiresChoice() {
    Hires hires = request.hires();
    var s = request.sampling();
    String sampler = hires.samplerName() == null || hires.samplerName().isBlank() ? s.samplerName()
        : hires.samplerName();
    String scheduler = hires.scheduler() == null || hires.scheduler().isBlank() ? s.scheduler() : hires.scheduler();
    return SamplerCatalog.resolve(sampler, null, scheduler);
  }

  private int hiresSteps() {
    int steps = request.hires().secondPassSteps();
    return steps > 0 ? steps : request.sampling().steps();
  }

  /** A1111's "Schedule type": the effective label where a k-diffusion schedule applies, else what was asked for. */
  private static String scheduleType(SamplerChoice c) {
    String label = c.scheduleTypeLabel();
    return label != null ? label : c.requested().label();
  }

  private void fillExtraParams(PreparedInit init, ExtraNetworkParser.Result positive,
      ExtraNetworkParser.Result negative) {
    if (init != null) {
      extra.putAll(init.extra());
      double multiplier = request.img2img().initialNoiseMultiplier();
      if (multiplier != 1.0) {
        extra.put("Noise multiplier", multiplier);
      }
    }
    Hires hires = request.hires();
    if (hires != null) {
      var s = request.sampling();
      if (hires.samplerName() != null && !hires.samplerName().isBlank()
          && !hires.samplerName().equals(s.samplerName())) {
        extra.put("Hires sampler", hires.samplerName());
      }
      if (!hires.prompt().isEmpty() && !hires.prompt().equals(request.prompts().prompt())) {
        extra.put("Hires prompt", hires.prompt());
      }
      if (!hires.negativePrompt().isEmpty() && !hires.negativePrompt().equals(request.prompts().negativePrompt())) {
        extra.put("Hires negative prompt", hires.negativePrompt());
      }
      String hrLabel = hiresChoice().scheduleTypeLabel();
      if (hrLabel != null && !hrLabel.equals(choice.scheduleTypeLabel())) {
        extra.put("Hires schedule type", hrLabel);
      }
      if (hires.resizeX() == 0 && hires.resizeY() == 0) {
        extra.put("Hires upscale", hires.scale());
      } else {
        extra.put("Hires resize", hires.resizeX() + "x" + hires.resizeY());
      }
      if (hires.secondPassSteps() > 0) {
        extra.put("Hires steps", hires.secondPassSteps());
      }
      if (hires.upscaler() != null) {
        extra.put("Hires upscaler", hires.upscaler());
      }
    }
    List<ExtraNetworkTag> tags = new ArrayList<>(positive.tags());
    tags.addAll(negative.tags());
    if (!tags.isEmpty()) {
      extra.put(EXTRA_NETWORKS_KEY, tags.stream().map(ExtraNetworkTag::toPromptSyntax)
          .collect(Collectors.joining(", ")));
    }
  }

  /** A1111 writes ENSD when it is set, the sampler has {@code uses_ensd} and its eta is not 0; else null (absent). */
  private Long ensdInInfotext() {
    long ensd = request.seeds().etaNoiseSeedDelta();
    boolean applies = ensd != 0 && choice.sampler().usesEnsd() && options(choice).eta() != 0;
    return applies ? ensd : null;
  }

  private Double denoisingStrength() {
    if (request.img2img() != null) {
      return request.img2img().denoisingStrength();
    }
    return request.hires() != null ? request.hires().denoisingStrength() : null;
  }

  private String infotext(int k) {
    var s = request.sampling();
    var seedRequest = request.seeds();
    InfotextBuilder b = new InfotextBuilder()
        .prompt(request.prompts().prompt())
        .negativePrompt(request.prompts().negativePrompt())
        .steps(s.steps())
        .sampler(choice.sampler().name())
        .scheduleType(scheduleType(choice))
        .cfgScale(s.cfgScale())
        .seed(seeds.seeds()[k])
        .size(width, height)
        .modelHash(pipeline.identity().shorthash())
        .model(pipeline.identity().modelName())
        .variation(seeds.subseeds()[k], seedRequest.subseedStrength())
        .seedResizeFrom(seedRequest.seedResizeFromW(), seedRequest.seedResizeFromH())
        .clipSkip(s.clipSkip())
        .ensd(ensdInInfotext())
        .conditionalMaskWeight(model.isInpainting() ? 1.0 : null)
        .denoisingStrength(denoisingStrength())
        .extras(extra)
        .version(StableDiffusionPipeline.VERSION);
    return b.build();
  }

  private GenerationInfo info(List<GeneratedImage> images) {
    var s = request.sampling();
    var seedRequest = request.seeds();
    int total = request.size().images();
    List<Long> allSeeds = Arrays.stream(seeds.seeds()).boxed().toList();
    List<Long> allSubseeds = Arrays.stream(seeds.subseeds()).boxed().toList();
    return new GenerationInfo(request.prompts().prompt(),
        Collections.nCopies(total, request.prompts().prompt()), request.prompts().negativePrompt(),
        Collections.nCopies(total, request.prompts().negativePrompt()), allSeeds.get(0), allSeeds,
        allSubseeds.get(0), allSubseeds, seedRequest.subseedStrength(), width, height, choice.sampler().name(),
        s.cfgScale(), s.steps(), request.size().batchSize(), false, null, pipeline.identity().modelName(),
        pipeline.identity().shorthash(), null, null, seedRequest.seedResizeFromW(), seedRequest.seedResizeFromH(),
        denoisingStrength(), extraGenerationParams(), 0, images.stream().map(GeneratedImage::infotext).toList(),
        List.of(), LocalDateTime.now().format(JOB_TIMESTAMP), s.clipSkip(), model.isInpainting(),
        StableDiffusionPipeline.VERSION);
  }

  private Map<String, Object> extraGenerationParams() {
    Map<String, Object> out = new LinkedHashMap<>();
    String label = choice.scheduleTypeLabel();
    if (label != null && !label.equals("Automatic")) {
      out.put("Schedule type", label);
    }
    Double strength = denoisingStrength();
    if (strength != null) {
      out.put("Denoising strength", strength);
    }
    out.putAll(extra);
    return out;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
