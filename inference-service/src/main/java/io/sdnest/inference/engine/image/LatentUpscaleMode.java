package io.sdnest.inference.engine.image;

import io.sdnest.inference.engine.tensor.FloatTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A1111's latent upscale modes ({@code shared.latent_upscale_modes}): torch interpolate settings by name. */
public enum LatentUpscaleMode {
  LATENT("Latent", LatentResize.Mode.BILINEAR, false),
  LATENT_ANTIALIASED("Latent (antialiased)", LatentResize.Mode.BILINEAR, true),
  LATENT_BICUBIC("Latent (bicubic)", LatentResize.Mode.BICUBIC, false),
  LATENT_BICUBIC_ANTIALIASED("Latent (bicubic antialiased)", LatentResize.Mode.BICUBIC, true),
  LATENT_NEAREST("Latent (nearest)", LatentResize.Mode.NEAREST, false),
  LATENT_NEAREST_EXACT("Latent (nearest-exact)", LatentResize.Mode.NEAREST_EXACT, false);

  private final String title;
  private final LatentResize.Mode mode;
  private final boolean antialias;

  LatentUpscaleMode(String title, LatentResize.Mode mode, boolean antialias) {
    this.title = title;
    this.mode = mode;
    this.antialias = antialias;
  }

  public String title() {
    return title;
  }

  public static List<String> titles() {
    return Arrays.stream(values()).map(LatentUpscaleMode::title).toList();
  }

  /** The mode with this exact name; empty for image-space upscalers. */
  public static Optional<LatentUpscaleMode> byTitle(String name) {
    return Arrays.stream(values()).filter(m -> m.title.equals(name)).findFirst();
  }

  /** Resizes {@code [..., h, w]} latents to {@code [..., height, width]}. */
  public FloatTensor resize(FloatTensor latents, int height, int width) {
    return LatentResize.interpolate(latents, height, width, mode, antialias);
  }
}
