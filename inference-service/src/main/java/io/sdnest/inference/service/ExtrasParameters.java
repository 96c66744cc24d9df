package io.sdnest.inference.service;

/** The fields both extras routes share (A1111's {@code ExtrasBaseRequest}); null means A1111's default. */
public interface ExtrasParameters {

  Integer resize_mode();

  Boolean show_extras_results();

  Double gfpgan_visibility();

  Double codeformer_visibility();

  Double codeformer_weight();

  /** Kept as sent: A1111 prints its default as "2" and a sent value as a float ("2.0"). */
  Number upscaling_resize();

  Integer upscaling_resize_w();

  Integer upscaling_resize_h();

  Boolean upscaling_crop();

  String upscaler_1();

  String upscaler_2();

  Double extras_upscaler_2_visibility();

  Boolean upscale_first();
}
