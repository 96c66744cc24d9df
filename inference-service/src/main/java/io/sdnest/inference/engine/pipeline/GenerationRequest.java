package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.OutputFormat;
import java.util.List;

/**
 * One txt2img or img2img request as the engine sees it, independent of HTTP. Built and validated by
 * {@link GenerationRequestBuilder}, which carries A1111's API defaults.
 *
 * @param img2img null for txt2img
 * @param hires   null unless a txt2img request enables the hires fix
 */
public record GenerationRequest(Prompts prompts, Seeds seeds, Sampling sampling, Size size, Img2Img img2img,
                                Hires hires, Output output) {

  /** @param maxChunks the longest prompt accepted, in chunks of 75 tokens ({@link GenerationLimits}) */
  public record Prompts(String prompt, String negativePrompt, int maxChunks) {
  }

  /**
   * A1111 seeds: −1 draws one; variation by subseed only when subseedStrength is not 0; resize-from off at ≤ 0.
   *
   * @param etaNoiseSeedDelta A1111's {@code eta_noise_seed_delta} (ENSD): the sampler's own noise after the initial
   *                          latent comes from seed + ENSD; 0 = off
   */
  public record Seeds(long seed, long subseed, double subseedStrength, int seedResizeFromW, int seedResizeFromH,
                      long etaNoiseSeedDelta) {
  }

  /**
   * @param samplerName A1111 sampler name (legacy combined names like "DPM++ 2M Karras" allowed)
   * @param scheduler   schedule type name or label, null = Automatic
   * @param eta         null = the sampler's default; likewise the s_* values take A1111's options
   * @param clipSkip    A1111's CLIP_stop_at_last_layers (1 = last layer)
   */
  public record Sampling(String samplerName, String scheduler, int steps, double cfgScale, Double eta, Double sChurn,
                         Double sTmin, Double sTmax, Double sNoise, int clipSkip) {
  }

  public record Size(int width, int height, int batchSize, int nIter) {

    public int images() {
      return batchSize * nIter;
    }
  }

  /**
   * img2img and inpainting settings (a1111-api.md §1.2).
   *
   * @param initImages one image for all, or one per image of a batch
   * @param mask       null for plain img2img; white = repaint
   */
  public record Img2Img(List<Bitmap> initImages, int resizeMode, double denoisingStrength, Bitmap mask, int maskBlurX,
                        int maskBlurY, boolean maskRound, int inpaintingFill, boolean inpaintFullRes,
                        int inpaintFullResPadding, boolean inpaintingMaskInvert, double initialNoiseMultiplier) {

    public Img2Img {
      initImages = List.copyOf(initImages);
    }
  }

  /**
   * The txt2img hires fix.
   *
   * @param upscaler     a latent mode ("Latent", …) or an image upscaler ("Lanczos", "Nearest"); null = "Latent"
   * @param secondPassSteps 0 = the first pass's steps
   * @param prompt       empty = the first pass's prompt; likewise the negative prompt, sampler and scheduler (null)
   */
  public record Hires(double scale, int resizeX, int resizeY, String upscaler, int secondPassSteps,
                     double denoisingStrength, String prompt, String negativePrompt, String samplerName,
                     String scheduler) {

    /**
     * The size of the hires pass's output: the scaled size, or the requested size (one side 0 keeps the aspect).
     * With both sides requested at another aspect this is the {@link #upscaleSize} cropped by {@link #latentCrop}.
     */
    public int[] targetSize(int width, int height) {
      int[] up = upscaleSize(width, height);
      int[] crop = latentCrop(width, height);
      if (crop[0] == 0 && crop[1] == 0) {
        return up;
      }
      return new int[] {(up[0] / 8 - crop[0]) * 8, (up[1] / 8 - crop[1]) * 8};
    }

    /**
     * A1111's {@code hr_upscale_to_x/y}: what the first pass is upscaled to. With both hr_resize_x and hr_resize_y
     * set, the first pass's aspect is kept and the size covers the requested one.
     */
    public int[] upscaleSize(int width, int height) {
      if (resizeX == 0 && resizeY == 0) {
        return new int[] {(int) (width * scale), (int) (height * scale)};
      }
      if (resizeY == 0) {
        return new int[] {resizeX, resizeX * height / width};
      }
      if (resizeX == 0) {
        return new int[] {resizeY * width / height, resizeY};
      }
      // A1111 compares the aspects as Python floats
      if ((double) width / height < (double) resizeX / resizeY) {
        return new int[] {resizeX, resizeX * height / width};
      }
      return new int[] {resizeY * width / height, resizeY};
    }

    /**
     * A1111's {@code truncate_x/y}: latent columns and rows cut from the upscaled latent (half before, the rest after)
     * so that a cover-sized upscale lands on the requested aspect; 0 unless both resize sides are set.
     */
    public int[] latentCrop(int width, int height) {
      if (resizeX == 0 || resizeY == 0) {
        return new int[] {0, 0};
      }
      int[] up = upscaleSize(width, height);
      return new int[] {Math.floorDiv(up[0] - resizeX, 8), Math.floorDiv(up[1] - resizeY, 8)};
    }

    public String upscalerOrDefault() {
      return upscaler == null || upscaler.isBlank() ? "Latent" : upscaler;
    }
  }

  /** How images are encoded: {@code samples_format} and {@code jpeg_quality}. */
  public record Output(OutputFormat format, int jpegQuality) {
  }

  public static GenerationRequestBuilder builder() {
    return new GenerationRequestBuilder();
  }

  public boolean isImg2Img() {
    return img2img != null;
  }
}
