package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.LatentUpscaleMode;
import io.sdnest.inference.engine.image.OutputFormat;
import io.sdnest.inference.engine.image.PixelUpscaler;
import io.sdnest.inference.engine.image.ResizeMode;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Img2Img;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.schedule.SchedulerCatalog;
import java.util.List;

/**
 * Collects a request with A1111's API defaults (steps 50, cfg 7.0, 512×512, seed −1, Euler) and validates it against
 * {@link GenerationLimits}: every problem is a {@link ValidationException} naming the field and what is allowed.
 */
public final class GenerationRequestBuilder {

  /** A1111's range for cfg_scale in its UI; the API does not check, sdnest does. */
  static final double MAX_CFG_SCALE = 30.0;
  static final int MIN_SIZE = 64;
  static final int MAX_CLIP_SKIP = 12;

  private String prompt = "";
  private String negativePrompt = "";
  private long seed = -1;
  private long subseed = -1;
  private double subseedStrength;
  private int seedResizeFromW = -1;
  private int seedResizeFromH = -1;
  private long etaNoiseSeedDelta;
  private String samplerName = SamplerCatalog.DEFAULT_SAMPLER;
  private String scheduler;
  private int steps = 50;
  private double cfgScale = 7.0;
  private Double eta;
  private Double sChurn;
  private Double sTmin;
  private Double sTmax;
  private Double sNoise;
  private int clipSkip = 1;
  private int width = 512;
  private int height = 512;
  private int batchSize = 1;
  private int nIter = 1;
  private Img2Img img2img;
  private Hires hires;
  private OutputFormat format = OutputFormat.PNG;
  private int jpegQuality = 80;

  GenerationRequestBuilder() {
  }

  public GenerationRequestBuilder prompt(String v) {
    prompt = v == null ? "" : v;
    return this;
  }

  public GenerationRequestBuilder negativePrompt(String v) {
    negativePrompt = v == null ? "" : v;
    return this;
  }

  public GenerationRequestBuilder seed(long v) {
    seed = v;
    return this;
  }

  public GenerationRequestBuilder variation(long subseedValue, double strength) {
    subseed = subseedValue;
    subseedStrength = strength;
    return this;
  }

  public GenerationRequestBuilder seedResizeFrom(int w, int h) {
    seedResizeFromW = w;
    seedResizeFromH = h;
    return this;
  }

  /** A1111's {@code eta_noise_seed_delta} option (ENSD); 0 = off. */
  public GenerationRequestBuilder etaNoiseSeedDelta(long v) {
    etaNoiseSeedDelta = v;
    return this;
  }

  /** Null or blank means A1111's API default, Euler. */
  public GenerationRequestBuilder sampler(String v) {
    samplerName = v == null || v.isBlank() ? SamplerCatalog.DEFAULT_SAMPLER : v;
    return this;
  }

  public GenerationRequestBuilder scheduler(String v) {
    scheduler = v;
    return this;
  }

  public GenerationRequestBuilder steps(int v) {
    steps = v;
    return this;
  }

  public GenerationRequestBuilder cfgScale(double v) {
    cfgScale = v;
    return this;
  }

  public GenerationRequestBuilder samplerParameters(Double etaValue, Double churn, Double tmin, Double tmax,
      Double noise) {
    eta = etaValue;
    sChurn = churn;
    sTmin = tmin;
    sTmax = tmax;
    sNoise = noise;
    return this;
  }

  public GenerationRequestBuilder clipSkip(int v) {
    clipSkip = v;
    return this;
  }

  public GenerationRequestBuilder size(int w, int h) {
    width = w;
    height = h;
    return this;
  }

  public GenerationRequestBuilder batch(int size, int iterations) {
    batchSize = size;
    nIter = iterations;
    return this;
  }

  /** img2img without a mask, A1111's defaults otherwise (resize mode 0). */
  public GenerationRequestBuilder img2img(List<Bitmap> initImages, double denoisingStrength) {
    return img2img(new Img2Img(initImages, 0, denoisingStrength, null, 4, 4, true, 0, true, 0, false, 1.0));
  }

  public GenerationRequestBuilder img2img(Img2Img v) {
    img2img = v;
    return this;
  }

  public GenerationRequestBuilder hires(Hires v) {
    hires = v;
    return this;
  }

  public GenerationRequestBuilder output(OutputFormat f, int quality) {
    format = f;
    jpegQuality = quality;
    return this;
  }

  public GenerationRequest build(GenerationLimits limits) {
    if (img2img != null && img2img.initImages().size() > 1 && img2img.initImages().size() < batchSize) {
      // A1111 (processing.py, img2img init): fewer init images than batch_size lower the batch to their number
      batchSize = img2img.initImages().size();
    }
    check(steps >= 1 && steps <= limits.maxSteps(), "steps", "steps must be between 1 and " + limits.maxSteps()
        + ", got " + steps);
    checkSize("width", width, limits);
    checkSize("height", height, limits);
    check(batchSize >= 1, "batch_size", "batch_size must be at least 1, got " + batchSize);
    check(nIter >= 1, "n_iter", "n_iter must be at least 1, got " + nIter);
    check((long) batchSize * nIter <= limits.maxImages(), "batch_size", "batch_size × n_iter must be at most "
        + limits.maxImages() + ", got " + batchSize + " × " + nIter);
    check(Double.isFinite(cfgScale) && cfgScale >= 1 && cfgScale <= MAX_CFG_SCALE, "cfg_scale",
        "cfg_scale must be between 1 and " + MAX_CFG_SCALE + ", got " + cfgScale);
    check(clipSkip >= 1 && clipSkip <= MAX_CLIP_SKIP, "CLIP_stop_at_last_layers",
        "clip skip must be between 1 and " + MAX_CLIP_SKIP + ", got " + clipSkip);
    check(subseedStrength >= 0 && subseedStrength <= 1, "subseed_strength",
        "subseed_strength must be between 0 and 1, got " + subseedStrength);
    check(jpegQuality >= 1 && jpegQuality <= 100, "jpeg_quality", "jpeg_quality must be between 1 and 100, got "
        + jpegQuality);
    check(format != null, "samples_format", "samples_format is required; allowed: png, jpg, jpeg");
    check(seed >= -1, "seed", "seed must be -1 (random) or a non-negative number, got " + seed);
    SamplerCatalog.resolve(samplerName, null, scheduler);
    if (img2img != null) {
      validateImg2Img(limits);
    }
    if (hires != null) {
      check(img2img == null, "enable_hr", "the hires fix is a txt2img option");
      validateHires(limits);
    }
    return new GenerationRequest(new GenerationRequest.Prompts(prompt, negativePrompt, limits.maxPromptChunks()),
        new GenerationRequest.Seeds(seed, subseed, subseedStrength, seedResizeFromW, seedResizeFromH,
            etaNoiseSeedDelta),
        new GenerationRequest.Sampling(samplerName, scheduler, steps, cfgScale, eta, sChurn, sTmin, sTmax, sNoise,
            clipSkip),
        new GenerationRequest.Size(width, height, batchSize, nIter), img2img, hires,
        new GenerationRequest.Output(format, jpegQuality));
  }

  private void validateImg2Img(GenerationLimits limits) {
    Img2Img i = img2img;
    check(!i.initImages().isEmpty(), "init_images", "Init image not found");
    check(i.initImages().size() <= batchSize, "init_images", "bad number of images passed: "
        + i.initImages().size() + "; expecting " + batchSize + " or less");
    ResizeMode.of(i.resizeMode());
    checkStrength("denoising_strength", i.denoisingStrength());
    check(i.inpaintingFill() >= 0 && i.inpaintingFill() <= 3, "inpainting_fill",
        "inpainting_fill must be 0 (fill), 1 (original), 2 (latent noise) or 3 (latent nothing), got "
            + i.inpaintingFill());
    check(i.maskBlurX() >= 0 && i.maskBlurY() >= 0, "mask_blur", "mask_blur must not be negative");
    check(i.inpaintFullResPadding() >= 0, "inpaint_full_res_padding", "inpaint_full_res_padding must not be negative");
    check(Double.isFinite(i.initialNoiseMultiplier()) && i.initialNoiseMultiplier() >= 0
        && i.initialNoiseMultiplier() <= 1.5, "initial_noise_multiplier",
        "initial_noise_multiplier must be between 0 and 1.5, got " + i.initialNoiseMultiplier());
    if (i.mask() != null) {
      Bitmap first = i.initImages().get(0);
      check(i.mask().width() == first.width() && i.mask().height() == first.height(), "mask",
          "mask is " + i.mask().width() + "x" + i.mask().height() + " but the init image is " + first.width() + "x"
              + first.height() + "; they must be the same size");
    }
    for (Bitmap image : i.initImages()) {
      check(image.width() <= 4 * limits.maxSize() && image.height() <= 4 * limits.maxSize(), "init_images",
          "init images may be at most " + 4 * limits.maxSize() + " pixels on a side");
    }
  }

  private void validateHires(GenerationLimits limits) {
    Hires h = hires;
    checkStrength("denoising_strength", h.denoisingStrength());
    check(h.secondPassSteps() >= 0 && h.secondPassSteps() <= limits.maxSteps(), "hr_second_pass_steps",
        "hr_second_pass_steps must be between 0 (same as steps) and " + limits.maxSteps());
    check(h.resizeX() >= 0 && h.resizeY() >= 0, "hr_resize_x", "hr_resize_x and hr_resize_y must not be negative");
    check(h.scale() > 0 || h.resizeX() > 0 || h.resizeY() > 0, "hr_scale", "hr_scale must be positive");
    int[] target = h.targetSize(width, height);
    check(target[0] >= MIN_SIZE && target[1] >= MIN_SIZE && target[0] <= limits.maxSize()
        && target[1] <= limits.maxSize(), "hr_scale", "the hires size " + target[0] + "x" + target[1]
        + " must be between " + MIN_SIZE + " and " + limits.maxSize() + " on each side");
    int[] upscale = h.upscaleSize(width, height);
    check(upscale[0] <= limits.maxSize() && upscale[1] <= limits.maxSize(), "hr_resize_x", "hr_resize_x and "
        + "hr_resize_y at another aspect than " + width + "x" + height + " upscale to " + upscale[0] + "x" + upscale[1]
        + " before cropping, which must be at most " + limits.maxSize() + " on each side");
    String upscaler = h.upscalerOrDefault();
    if (LatentUpscaleMode.byTitle(upscaler).isEmpty()) {
      PixelUpscaler.byTitle("hr_upscaler", upscaler);
    }
    if (h.samplerName() != null && !h.samplerName().isBlank()) {
      renamed("hr_sampler_name", () -> SamplerCatalog.resolve(h.samplerName(), null, h.scheduler()));
    }
    renamed("hr_scheduler", () -> SchedulerCatalog.require(h.scheduler()));
  }

  private static void renamed(String field, Runnable check) {
    try {
      check.run();
    } catch (ValidationException e) {
      throw new ValidationException(field, e.getMessage());
    }
  }

  private static void checkStrength(String field, double v) {
    check(v >= 0 && v <= 1, field, field + " must be between 0 and 1, got " + v);
  }

  private static void checkSize(String field, int v, GenerationLimits limits) {
    check(v >= MIN_SIZE && v <= limits.maxSize() && v % 8 == 0, field, field + " must be a multiple of 8 between "
        + MIN_SIZE + " and " + limits.maxSize() + ", got " + v);
  }

  private static void check(boolean ok, String field, String message) {
    if (!ok) {
      throw new ValidationException(field, message);
    }
  }
}
