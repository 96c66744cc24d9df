package io.sdnest.inference.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code parameters} of a txt2img/img2img response: the request as sent, with A1111's model defaults in place of
 * the fields left out (A1111 echoes its pydantic model, so {@code seed} stays −1 and unset optional fields are null).
 */
final class RequestEcho {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Object> COMMON = defaults(
      "prompt", "", "negative_prompt", "", "seed", -1, "subseed", -1, "subseed_strength", 0,
      "seed_resize_from_h", -1, "seed_resize_from_w", -1, "batch_size", 1, "n_iter", 1, "steps", 50, "cfg_scale", 7.0,
      "width", 512, "height", 512, "do_not_save_samples", false, "do_not_save_grid", false,
      "override_settings_restore_afterwards", true, "disable_extra_networks", false, "sampler_index", "Euler",
      "script_args", List.of(), "send_images", true, "save_images", false, "alwayson_scripts", Map.of());

  static final Map<String, Object> TXT2IMG = with(COMMON, defaults(
      "enable_hr", false, "firstphase_width", 0, "firstphase_height", 0, "hr_scale", 2.0, "hr_second_pass_steps", 0,
      "hr_resize_x", 0, "hr_resize_y", 0, "hr_prompt", "", "hr_negative_prompt", ""));

  static final Map<String, Object> IMG2IMG = with(COMMON, defaults(
      "resize_mode", 0, "denoising_strength", 0.75, "mask_blur_x", 4, "mask_blur_y", 4, "mask_round", true,
      "inpainting_fill", 0, "inpaint_full_res", true, "inpaint_full_res_padding", 0, "inpainting_mask_invert", 0,
      "include_init_images", false));

  private RequestEcho() {
  }

  /** Every field of {@code request} in declaration order, nulls replaced by {@code defaults}. */
  static Map<String, Object> of(Object request, Map<String, Object> defaults) {
    Map<String, Object> echo = JSON.convertValue(request, new TypeReference<LinkedHashMap<String, Object>>() { });
    echo.replaceAll((key, value) -> value != null ? value : defaults.get(key));
    return echo;
  }

  private static Map<String, Object> defaults(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> more) {
    Map<String, Object> map = new LinkedHashMap<>(base);
    map.putAll(more);
    return Map.copyOf(map);
  }
}
