package io.sdnest.inference.engine.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The fields of a diffusers {@code scheduler_config.json} that define the training noise schedule (onnx-sd.md §3.1).
 * Missing fields take diffusers' defaults; SD 1.x/2.x ship beta 0.00085 → 0.012, scaled_linear, 1000 steps.
 *
 * @param trainedBetas explicit betas overriding the beta schedule, or null
 */
public record NoiseScheduleConfig(
    int numTrainTimesteps,
    double betaStart,
    double betaEnd,
    String betaSchedule,
    double[] trainedBetas,
    String predictionType,
    String timestepSpacing,
    int stepsOffset,
    boolean setAlphaToOne) {

  /** Stable Diffusion 1.x (and 2.x with epsilon prediction). */
  public static final NoiseScheduleConfig STABLE_DIFFUSION =
      new NoiseScheduleConfig(1000, 0.00085, 0.012, "scaled_linear", null, "epsilon", "leading", 1, false);

  public static NoiseScheduleConfig read(Path schedulerConfigJson) {
    try {
      return fromJson(new ObjectMapper().readTree(schedulerConfigJson.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + schedulerConfigJson + ": " + e.getMessage(), e);
    }
  }

  public static NoiseScheduleConfig fromJson(JsonNode json) {
    double[] trained = null;
    JsonNode betas = json.path("trained_betas");
    if (betas.isArray() && !betas.isEmpty()) {
      trained = new double[betas.size()];
      for (int i = 0; i < trained.length; i++) {
        trained[i] = betas.get(i).asDouble();
      }
    }
    return new NoiseScheduleConfig(
        json.path("num_train_timesteps").asInt(1000),
        json.path("beta_start").asDouble(0.0001),
        json.path("beta_end").asDouble(0.02),
        json.path("beta_schedule").asText("linear"),
        trained,
        json.path("prediction_type").asText("epsilon"),
        json.path("timestep_spacing").asText("leading"),
        json.path("steps_offset").asInt(0),
        json.path("set_alpha_to_one").asBoolean(true));
  }

  /** The betas per training step (diffusers {@code betas}). */
  double[] betas() {
    if (trainedBetas != null) {
      return trainedBetas.clone();
    }
    int n = numTrainTimesteps;
    double[] betas = new double[n];
    switch (betaSchedule) {
      case "linear" -> {
        for (int i = 0; i < n; i++) {
          betas[i] = lerp(betaStart, betaEnd, i, n);
        }
      }
      case "scaled_linear" -> {
        for (int i = 0; i < n; i++) {
          double root = lerp(Math.sqrt(betaStart), Math.sqrt(betaEnd), i, n);
          betas[i] = root * root;
        }
      }
      case "squaredcos_cap_v2" -> {
        for (int i = 0; i < n; i++) {
          betas[i] = Math.min(1 - cosineAlphaBar((i + 1.0) / n) / cosineAlphaBar((double) i / n), 0.999);
        }
      }
      default -> throw new IllegalArgumentException("unsupported beta_schedule '" + betaSchedule
          + "' (supported: linear, scaled_linear, squaredcos_cap_v2)");
    }
    return betas;
  }

  private static double lerp(double from, double to, int i, int n) {
    return n == 1 ? from : from + (to - from) * i / (n - 1);
  }

  private static double cosineAlphaBar(double t) {
    double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }
}
