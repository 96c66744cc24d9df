package io.sdnest.inference.engine.model;

import java.util.Locale;

/** What the UNet predicts ({@code prediction_type} in {@code scheduler_config.json}). */
public enum PredictionType {
  EPSILON("epsilon"),
  V_PREDICTION("v_prediction"),
  SAMPLE("sample");

  private final String configName;

  PredictionType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** From the config value; absent means epsilon (diffusers' default). */
  public static PredictionType fromConfig(Object value) {
    if (value == null) {
      return EPSILON;
    }
    String v = value.toString().toLowerCase(Locale.ROOT);
    for (PredictionType t : values()) {
      if (t.configName.equals(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown prediction_type '" + value + "' (expected epsilon, v_prediction or sample)");
  }
}
