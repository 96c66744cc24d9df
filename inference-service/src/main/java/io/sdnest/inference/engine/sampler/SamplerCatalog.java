package io.sdnest.inference.engine.sampler;

import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.schedule.SchedulerCatalog;
import io.sdnest.inference.engine.schedule.SchedulerInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The samplers sdnest implements, in A1111's {@code GET /samplers} order (A1111's DPM fast, DPM adaptive, Restart and
 * DDIM CFG++ are not implemented), and the resolution of a request's sampler and schedule type.
 */
public final class SamplerCatalog {

  /** What A1111's API runs when a request names no sampler ({@code sampler_index} defaults to "Euler"). */
  public static final String DEFAULT_SAMPLER = "Euler";

  private static final List<SamplerInfo> ALL = List.of(
      kdiff("DPM++ 2M", List.of("k_dpmpp_2m"), new DpmPp2mSampler(), "scheduler", "karras"),
      kdiff("DPM++ SDE", List.of("k_dpmpp_sde"), new DpmPpSdeSampler(),
          "scheduler", "karras", "second_order", "True", "brownian_noise", "True"),
      kdiff("DPM++ 2M SDE", List.of("k_dpmpp_2m_sde"), new DpmPp2mSdeSampler(false),
          "scheduler", "exponential", "brownian_noise", "True"),
      kdiff("DPM++ 2M SDE Heun", List.of("k_dpmpp_2m_sde_heun"), new DpmPp2mSdeSampler(true),
          "scheduler", "exponential", "brownian_noise", "True", "solver_type", "heun"),
      kdiff("DPM++ 2S a", List.of("k_dpmpp_2s_a"), new DpmPp2sAncestralSampler(),
          "scheduler", "karras", "uses_ensd", "True", "second_order", "True"),
      kdiff("DPM++ 3M SDE", List.of("k_dpmpp_3m_sde"), new DpmPp3mSdeSampler(),
          "scheduler", "exponential", "discard_next_to_last_sigma", "True", "brownian_noise", "True"),
      kdiff("Euler a", List.of("k_euler_a", "k_euler_ancestral"), new EulerAncestralSampler(), "uses_ensd", "True"),
      kdiff("Euler", List.of("k_euler"), new EulerSampler()),
      kdiff("LMS", List.of("k_lms"), new LmsSampler()),
      kdiff("Heun", List.of("k_heun"), new HeunSampler(), "second_order", "True"),
      kdiff("DPM2", List.of("k_dpm_2"), new Dpm2Sampler(),
          "scheduler", "karras", "discard_next_to_last_sigma", "True", "second_order", "True"),
      kdiff("DPM2 a", List.of("k_dpm_2_a"), new Dpm2AncestralSampler(),
          "scheduler", "karras", "discard_next_to_last_sigma", "True", "uses_ensd", "True", "second_order", "True"),
      new SamplerInfo("DDIM", List.of("ddim"), Map.of(), new DdimSampler(), true),
      new SamplerInfo("PLMS", List.of("plms"), Map.of(), new PlmsSampler(), true),
      new SamplerInfo("UniPC", List.of("unipc"), Map.of(), new UniPcSampler(), true),
      kdiff("LCM", List.of("k_lcm"), new LcmSampler()));

  private SamplerCatalog() {
  }

  private static SamplerInfo kdiff(String name, List<String> aliases, Sampler sampler, String... options) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new SamplerInfo(name, aliases, java.util.Collections.unmodifiableMap(map), sampler, false);
  }

  public static List<SamplerInfo> all() {
    return ALL;
  }

  /** By exact name, then exact alias, then either ignoring case. */
  public static Optional<SamplerInfo> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return ALL.stream().filter(s -> s.name().equals(text)).findFirst()
        .or(() -> ALL.stream().filter(s -> s.aliases().contains(text)).findFirst())
        .or(() -> ALL.stream().filter(s -> s.name().equalsIgnoreCase(text)
            || s.aliases().stream().anyMatch(text::equalsIgnoreCase)).findFirst());
  }

  /**
   * Resolves a request: the sampler is {@code samplerName}, else {@code samplerIndex}, else Euler; a trailing schedule
   * label, name or alias ("DPM++ 2M Karras") is split off and wins over {@code scheduler}; blank scheduler means
   * Automatic. Unlike A1111 (which silently falls back to DPM++ 2M / Automatic), unknown names are validation errors.
   */
  public static SamplerChoice resolve(String samplerName, String samplerIndex, String scheduler) {
    String name = firstNonBlank(samplerName, samplerIndex, DEFAULT_SAMPLER).trim();
    String field = samplerName != null && !samplerName.isBlank() ? "sampler_name" : "sampler_index";
    SchedulerInfo schedule = null;
    if (find(name).isEmpty()) {
      for (SchedulerInfo candidate : SchedulerCatalog.all()) {
        Optional<String> suffix = suffixOf(name, candidate);
        if (suffix.isPresent()) {
          schedule = candidate;
          name = name.substring(0, name.length() - suffix.get().length() - 1).trim();
          break;
        }
      }
    }
    String samplerText = name;
    SamplerInfo sampler = find(samplerText).orElseThrow(() -> new ValidationException(field,
        "Sampler not found: '" + samplerText + "'; valid: "
            + ALL.stream().map(SamplerInfo::name).collect(Collectors.joining(", "))));
    return new SamplerChoice(sampler, schedule != null ? schedule : SchedulerCatalog.require(scheduler));
  }

  private static Optional<String> suffixOf(String name, SchedulerInfo scheduler) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(scheduler.label(), scheduler.name()),
            scheduler.aliases().stream())
        .filter(option -> name.endsWith(" " + option)).findFirst();
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
