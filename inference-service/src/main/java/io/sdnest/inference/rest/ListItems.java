package io.sdnest.inference.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sdnest.inference.engine.sampler.SamplerInfo;
import io.sdnest.inference.engine.schedule.SchedulerInfo;

/** The item shapes of A1111's list routes (a1111-api.md §1). */
public final class ListItems {

  private ListItems() {
  }

  @Schema(name = "SamplerItem")
  public record Sampler(@Schema(example = "Euler a") String name, List<String> aliases,
      @Schema(description = "Booleans as \"True\", as A1111 shows them") Map<String, String> options) {

    static Sampler of(SamplerInfo s) {
      return new Sampler(s.name(), s.aliases(), s.options());
    }
  }

  @Schema(name = "SchedulerItem")
  public record Scheduler(@Schema(example = "karras") String name, @Schema(example = "Karras") String label,
      List<String> aliases, Double default_rho, Boolean need_inner_model) {

    static Scheduler of(SchedulerInfo s) {
      return new Scheduler(s.name(), s.label(), s.aliases().isEmpty() ? null : s.aliases(), s.defaultRho(),
          s.needInnerModel());
    }
  }

  @Schema(name = "UpscalerItem")
  public record Upscaler(@Schema(example = "Lanczos") String name, String model_name, String model_path,
      String model_url, @Schema(example = "4.0") Double scale) {
  }

  @Schema(name = "LatentUpscalerModeItem")
  public record LatentUpscaleMode(@Schema(example = "Latent") String name) {
  }

  @Schema(name = "HypernetworkItem")
  public record Hypernetwork(String name, String path) {
  }

  @Schema(name = "FaceRestorerItem")
  public record FaceRestorer(String name, String cmd_dir) {
  }

  @Schema(name = "RealesrganItem")
  public record Realesrgan(String name, String path, Integer scale) {
  }

  @Schema(name = "SDVaeItem")
  public record SdVae(String model_name, String filename) {
  }

  @Schema(name = "PromptStyleItem")
  public record PromptStyle(String name, String prompt, String negative_prompt) {
  }

  @Schema(name = "LoraItem")
  public record Lora(String name, String alias, String path, Map<String, Object> metadata) {
  }
}
