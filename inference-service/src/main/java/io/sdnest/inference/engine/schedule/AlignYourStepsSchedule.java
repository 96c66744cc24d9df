package io.sdnest.inference.engine.schedule;

/**
 * NVIDIA's "Align Your Steps" sigmas for SD 1.5 (10 steps), log-linearly resampled to other step counts, then 0, as
 * A1111's {@code get_align_your_steps_sigmas} does (for n = 11 it keeps the 11 tabulated values).
 */
public final class AlignYourStepsSchedule implements SigmaSchedule {

  private static final double[] SD15 = {14.615, 6.475, 3.861, 2.697, 1.886, 1.396, 0.963, 0.652, 0.399, 0.152, 0.029};

  @Override
  public double[] sigmas(int steps, ModelSigmas model) {
    if (steps == SD15.length) {
      return SigmaSchedule.withZero(SD15);
    }
    // interpolate log σ over [0, 1] on the reversed (ascending) table, then reverse back
    int k = SD15.length;
    double[] sigmas = new double[steps + 1];
    double[] xs = SigmaSchedule.linspace(0, 1, steps);
    for (int i = 0; i < steps; i++) {
      double pos = xs[i] * (k - 1);
      int low = Math.min((int) Math.floor(pos), k - 2);
      double w = pos - low;
      double logLow = Math.log(SD15[k - 1 - low]);
      double logHigh = Math.log(SD15[k - 2 - low]);
      sigmas[steps - 1 - i] = Math.exp(logLow + w * (logHigh - logLow));
    }
    return sigmas;
  }
}
