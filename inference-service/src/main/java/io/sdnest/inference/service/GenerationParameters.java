package io.sdnest.inference.service;

import java.util.List;
import java.util.Map;

/**
 * The fields txt2img and img2img share (A1111's {@code StableDiffusionProcessing} plus the API extras), as the request
 * records declare them: every one nullable, null meaning A1111's default.
 */
public interface GenerationParameters {

  String prompt();

  String negative_prompt();

  List<String> styles();

  Long seed();

  Long subseed();

  Double subseed_strength();

  Integer seed_resize_from_h();

  Integer seed_resize_from_w();

  String sampler_name();

  String scheduler();

  Integer batch_size();

  Integer n_iter();

  Integer steps();

  Double cfg_scale();

  Integer width();

  Integer height();

  Double eta();

  Double denoising_strength();

  Double s_churn();

  Double s_tmax();

  Double s_tmin();

  Double s_noise();

  Map<String, Object> override_settings();

  Boolean override_settings_restore_afterwards();

  String sampler_index();

  Boolean send_images();

  Boolean save_images();

  String infotext();

  /** A1111's task id for its progress API; sdnest makes the request an async job with this id. */
  String force_task_id();
}
