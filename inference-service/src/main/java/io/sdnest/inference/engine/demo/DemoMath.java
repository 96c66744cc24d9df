package io.sdnest.inference.engine.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The constructed weights of the demo model, in one place so that the graphs and the tests that check them against
 * closed forms use the same numbers.
 *
 * <p>Latent space (the pipeline's latents, i.e. after multiplying by the scaling factor): a pixel's latent x ∈ ℝ⁴ maps
 * to RGB = A·x + b (A is 3×4). The decoder receives u = x / scalingFactor, so its weights are scalingFactor·A. The
 * encoder inverts with A⁺ = Aᵀ(AAᵀ)⁻¹, so decode(encode(img)) = img for images constant on 8×8 blocks.
 *
 * <p>Data distribution for a prompt c: x₀ ~ N(μ(c), s²·I) per latent component, μ(c) = μ_grey + Σ_tokens h[0..3],
 * where h are the text encoder's hidden states (dims 0..3 are zero for every token except colour words, whose
 * embedding there is A⁺·rgb(colour)). μ_grey = A⁺(0 − b) is the latent of mid-grey.
 */
public final class DemoMath {

  public static final int HIDDEN = 32;
  public static final int MAX_TOKENS = 77;
  public static final int LATENT_CHANNELS = 4;
  public static final double SCALING_FACTOR = 0.18215;
  /** Spread s of the latent data distribution. */
  public static final double SPREAD = 0.5;
  public static final int TRAIN_TIMESTEPS = 1000;
  public static final double BETA_START = 0.00085;
  public static final double BETA_END = 0.012;
  /** Layers of the demo text encoder; hidden_states.0 is the embedding output. */
  public static final int LAYERS = 2;

  /** Latent → RGB, 3×4 row-major. */
  public static final double[][] A = {
      {0.9, 0.1, 0.0, 0.2},
      {0.1, 0.8, 0.1, -0.2},
      {0.0, 0.1, 0.9, 0.1}};
  /** RGB offset. */
  public static final double[] B = {0.05, -0.02, 0.03};

  /** Per-layer gains of the text encoder: dims 0..3 (colour) and the rest. Their product on dims 0..3 is 1. */
  public static final double[][] LAYER_GAIN = {{0.8, 0.9}, {1.25, 1.1}};

  private static final Map<String, double[]> COLOURS = new LinkedHashMap<>();

  static {
    COLOURS.put("red", new double[] {0.8, -0.6, -0.6});
    COLOURS.put("green", new double[] {-0.6, 0.8, -0.6});
    COLOURS.put("blue", new double[] {-0.6, -0.6, 0.8});
    COLOURS.put("yellow", new double[] {0.8, 0.8, -0.6});
    COLOURS.put("white", new double[] {0.8, 0.8, 0.8});
    COLOURS.put("black", new double[] {-0.8, -0.8, -0.8});
    COLOURS.put("orange", new double[] {0.8, 0.1, -0.6});
    COLOURS.put("purple", new double[] {0.2, -0.6, 0.6});
    COLOURS.put("pink", new double[] {0.8, 0.0, 0.4});
    COLOURS.put("brown", new double[] {0.0, -0.4, -0.7});
    COLOURS.put("cyan", new double[] {-0.6, 0.8, 0.8});
    COLOURS.put("magenta", new double[] {0.8, -0.6, 0.8});
    COLOURS.put("grey", new double[] {0, 0, 0});
    COLOURS.put("gray", new double[] {0, 0, 0});
  }

  private DemoMath() {
  }

  /** Colour words and their RGB in [-1, 1]. */
  public static Map<String, double[]> colours() {
    return Map.copyOf(COLOURS);
  }

  /** A⁺ = Aᵀ(AAᵀ)⁻¹, 4×3. */
  public static double[][] pinvA() {
    double[][] aat = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          aat[i][j] += A[i][k] * A[j][k];
        }
      }
    }
    double[][] inv = invert3(aat);
    double[][] p = new double[4][3];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          p[i][j] += A[k][i] * inv[k][j];
        }
      }
    }
    return p;
  }

  /** The latent of an RGB colour: A⁺(rgb − b). */
  public static double[] latentOf(double[] rgb) {
    double[][] p = pinvA();
    double[] x = new double[4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        x[i] += p[i][j] * (rgb[j] - B[j]);
      }
    }
    return x;
  }

  public static double[] greyLatent() {
    return latentOf(new double[3]);
  }

  /** The colour part (dims 0..3) of a word's embedding: A⁺·rgb, so that μ moves from grey to the colour's latent. */
  public static double[] colourEmbedding(double[] rgb) {
    double[] c = latentOf(rgb);
    double[] g = greyLatent();
    for (int i = 0; i < 4; i++) {
      c[i] -= g[i];
    }
    return c;
  }

  /** Deterministic non-colour features of token {@code id}, dims 4..31. */
  public static double tokenFeature(int id, int dim) {
    return 0.1 * Math.sin(0.37 * (id + 1) * (dim - 3));
  }

  /** Position embedding, zero on dims 0..3. */
  public static double positionFeature(int pos, int dim) {
    return dim < 4 ? 0 : 0.05 * Math.cos(0.11 * (pos + 1) * (dim - 3));
  }

  /** ᾱ_t for t = 0..999 (scaled_linear betas). */
  public static double[] alphasCumprod() {
    double[] out = new double[TRAIN_TIMESTEPS];
    double a = Math.sqrt(BETA_START);
    double b = Math.sqrt(BETA_END);
    double prod = 1;
    for (int i = 0; i < TRAIN_TIMESTEPS; i++) {
      double beta = a + (b - a) * i / (TRAIN_TIMESTEPS - 1);
      prod *= 1 - beta * beta;
      out[i] = prod;
    }
    return out;
  }

  /** σ_t = sqrt((1 − ᾱ_t)/ᾱ_t), t = 0..999. */
  public static double[] sigmas() {
    double[] ac = alphasCumprod();
    double[] s = new double[ac.length];
    for (int i = 0; i < ac.length; i++) {
      s[i] = Math.sqrt((1 - ac[i]) / ac[i]);
    }
    return s;
  }

  /** σ at a float timestep: log-σ interpolated linearly between integer timesteps (k-diffusion's t_to_sigma). */
  public static double sigmaAt(double t) {
    double[] s = sigmas();
    double tc = Math.max(0, Math.min(TRAIN_TIMESTEPS - 1, t));
    int lo = (int) Math.min(Math.floor(tc), TRAIN_TIMESTEPS - 2);
    double w = tc - lo;
    return Math.exp((1 - w) * Math.log(s[lo]) + w * Math.log(s[lo + 1]));
  }

  private static double[][] invert3(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double[][] r = new double[3][3];
    r[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
    r[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
    r[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
    r[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
    r[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
    r[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
    r[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
    r[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
    r[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
    return r;
  }
}
