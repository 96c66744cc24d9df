package io.sdnest.inference.engine.noise;

/** Standard normal noise for one image, drawn in order; a seed gives the same sequence on every run. */
public interface NoiseSource {

  /** The next {@code n} values. */
  float[] next(int n);

  /**
   * Fills {@code into} with the next {@code into.length} values: the same values as {@code next(into.length)}. Sources
   * that can write in place override this, so a sampler's steady state draws noise without allocating.
   */
  default void next(float[] into) {
    float[] values = next(into.length);
    System.arraycopy(values, 0, into, 0, into.length);
  }
}
