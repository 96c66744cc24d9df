package io.sdnest.inference.engine.noise;

import java.util.ArrayDeque;
import java.util.Arrays;
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
  /** Arrays of forgotten points, reused for new ones. */
  private final ArrayDeque<float[]> spare = new ArrayDeque<>();
  private float[] z;

  public BrownianNoise(NoiseSource source) {
    this.source = source;
  }

  /** (W(σ_next) − W(σ))/sqrt|σ_next − σ|: standard normal per value, as the noise sampler's contract is. */
  public float[] normalizedIncrement(double sigma, double sigmaNext, int size) {
    return normalizedIncrement(sigma, sigmaNext, new float[size]);
  }

  /** As {@link #normalizedIncrement(double, double, int)}, written into {@code out}. */
  public float[] normalizedIncrement(double sigma, double sigmaNext, float[] out) {
    int size = out.length;
    float[] from = at(sigma, size);
    float[] to = at(sigmaNext, size);
    double scale = 1 / Math.sqrt(Math.abs(sigmaNext - sigma));
    for (int i = 0; i < size; i++) {
      out[i] = (float) ((to[i] - (double) from[i]) * scale);
    }
    return out;
  }

  /**
   * Promises that no later query lies above {@code t}: points that no such query can reach (all above the lowest known
   * point at or above {@code t}) are dropped and their arrays reused, so a sampler walking down the σ schedule keeps a
   * bounded path. Later values are exactly those the full path would give.
   */
  public void forgetAbove(double t) {
    Double keep = known.ceilingKey(t);
    if (keep == null) {
      return;
    }
    while (known.lastKey() > keep) {
      spare.push(known.pollLastEntry().getValue());
    }
  }

  private float[] at(double t, int size) {
    float[] value = known.get(t);
    if (value != null) {
      return value;
    }
    value = spare.isEmpty() || spare.peek().length != size ? new float[size] : spare.pop();
    if (known.isEmpty()) {
      Arrays.fill(value, 0f);
    } else {
      Map.Entry<Double, float[]> low = known.floorEntry(t);
      Map.Entry<Double, float[]> high = known.ceilingEntry(t);
      if (z == null || z.length != size) {
        z = new float[size];
      }
      source.next(z);
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
