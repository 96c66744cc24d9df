package io.sdnest.inference.engine.noise;

/** Standard normal noise for one image, drawn in order; a seed gives the same sequence on every run. */
public interface NoiseSource {

  /** The next {@code n} values. */
  float[] next(int n);
}
