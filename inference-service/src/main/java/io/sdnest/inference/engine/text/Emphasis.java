package io.sdnest.inference.engine.text;

/** A1111's {@code emphasis} option: how token weights act on the text encoder's hidden states. */
public enum Emphasis {

  /** Multiply each token's states by its weight, then rescale so the mean of the chunk batch is unchanged. */
  ORIGINAL("Original"),
  /** Multiply by the weights without restoring the mean. */
  NO_NORM("No norm"),
  /** Parse the syntax (brackets vanish, BREAK works) but ignore the weights. */
  IGNORE("Ignore"),
  /** No syntax at all: brackets are ordinary text. */
  NONE("None");

  private final String a1111Name;

  Emphasis(String a1111Name) {
    this.a1111Name = a1111Name;
  }

  /** The option value as A1111 writes it (in the infotext's {@code Emphasis} key). */
  public String a1111Name() {
    return a1111Name;
  }

  public boolean parsesSyntax() {
    return this != NONE;
  }

  /**
   * Applies the weights in place.
   *
   * @param z           hidden states {@code [rows, tokens, dim]}, row-major
   * @param multipliers one weight per row and token, {@code [rows * tokens]}
   */
  void apply(float[] z, float[] multipliers, int dim) {
    if (this == IGNORE || this == NONE) {
      return;
    }
    double originalMean = mean(z);
    for (int t = 0; t < multipliers.length; t++) {
      float m = multipliers[t];
      for (int i = t * dim, end = i + dim; i < end; i++) {
        z[i] *= m;
      }
    }
    if (this == NO_NORM) {
      return;
    }
    double newMean = mean(z);
    // A1111 divides by zero here and produces NaNs; a zero mean can only come from all-zero weights or states
    if (newMean == 0) {
      return;
    }
    float restore = (float) (originalMean / newMean);
    for (int i = 0; i < z.length; i++) {
      z[i] *= restore;
    }
  }

  private static double mean(float[] z) {
    double sum = 0;
    for (float v : z) {
      sum += v;
    }
    return sum / z.length;
  }
}
