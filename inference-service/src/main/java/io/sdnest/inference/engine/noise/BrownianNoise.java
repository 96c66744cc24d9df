package io.sdnest.inference.engine.noise;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Brownian motion W(σ) of latent shape, revealed lazily where it is queried: a point between two known points is
 * drawn from the Brownian bridge, a point outside them by an independent increment. Overlapping queries are therefore
 * consistent (W(a→c) = W(a→b) + W(b→c)), which DPM++ SDE relies on.
 *
 * <p>Plays the role of k-diffusion's {@code BrownianTreeNoiseSampler} (torchsde), which A1111 seeds with the image
 * seed. Its values come from the image's own {@link NoiseSource} instead, so they are deterministic per seed and
 * request but not numerically equal to torchsde's.
 */
public final class BrownianNoise {

  private final NoiseSource source;
  private final TreeMap<Double, float[]> known = new TreeMap<>();

  public BrownianNoise(NoiseSource source) {
    this.source = source;
  }

  /** (W(σ_next) − W(σ))/sqrt|σ_next − σ|: standard normal per value, as the noise sampler's contract is. */
  public float[] normalizedIncrement(double sigma, double sigmaNext, int size) {
    float[] from = at(sigma, size);
    float[] to = at(sigmaNext, size);
    double scale = 1 / Math.sqrt(Math.abs(sigmaNext - sigma));
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      out[i] = (float) ((to[i] - (double) from[i]) * scale);
    }
    return out;
  }

  private float[] at(double t, int size) {
    float[] value = known.get(t);
    if (value != null) {
      return value;
    }
    if (known.isEmpty()) {
      value = new float[size];
    } else {
      Map.Entry<Double, float[]> low = known.floorEntry(t);
      Map.Entry<Double, float[]> high = known.ceilingEntry(t);
      float[] z = source.next(size);
      value = new float[size];
      if (low != null && high != null) {
        double a = low.getKey();
        double b = high.getKey();
        double w = (t - a) / (b - a);
        double sd = Math.sqrt((t - a) * (b - t) / (b - a));
        for (int i = 0; i < size; i++) {
          value[i] = (float) (low.getValue()[i] + w * (high.getValue()[i] - (double) low.getValue()[i]) + sd * z[i]);
        }
      } else {
        Map.Entry<Double, float[]> near = low != null ? low : high;
        double sd = Math.sqrt(Math.abs(t - near.getKey()));
        for (int i = 0; i < size; i++) {
          value[i] = (float) (near.getValue()[i] + sd * z[i]);
        }
      }
    }
    known.put(t, value);
    return value;
  }
}
