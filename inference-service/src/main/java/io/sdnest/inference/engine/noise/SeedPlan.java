package io.sdnest.inference.engine.noise;

import java.util.random.RandomGenerator;

/**
 * A1111's seeds for a request ({@code processing.process_images_inner}): −1 draws a random seed in [0, 4294967294);
 * without variation image k gets seed + k; with subseed_strength > 0 every image shares the seed and image k gets
 * subseed + k.
 */
public record SeedPlan(long[] seeds, long[] subseeds, double subseedStrength) {

  public static final long RANDOM_SEED_BOUND = 4294967294L;

  public static SeedPlan of(long seed, long subseed, double subseedStrength, int images, RandomGenerator random) {
    long base = fixed(seed, random);
    long subBase = fixed(subseed, random);
    long[] seeds = new long[images];
    long[] subseeds = new long[images];
    for (int k = 0; k < images; k++) {
      seeds[k] = base + (subseedStrength == 0 ? k : 0);
      subseeds[k] = subBase + k;
    }
    return new SeedPlan(seeds, subseeds, subseedStrength);
  }

  /** −1 (A1111's "random") becomes a drawn seed; anything else is kept. */
  public static long fixed(long seed, RandomGenerator random) {
    return seed == -1 ? random.nextLong(RANDOM_SEED_BOUND) : seed;
  }
}
