package io.sdnest.inference.engine.infotext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds one image's infotext exactly as A1111's {@code processing.create_infotext}: prompt, optional
 * {@code Negative prompt:} line, then the parameter line with A1111's key order, quoting and number formatting.
 * Unset (null) keys are left out; numbers keep their Java type (Double prints as Python float, e.g. {@code 7.0}).
 */
public final class InfotextBuilder {

  private String prompt = "";
  private String negativePrompt = "";
  private Integer steps;
  private String sampler;
  private String scheduleType;
  private Double cfgScale;
  private Double imageCfgScale;
  private Long seed;
  private String faceRestoration;
  private int width;
  private int height;
  private String modelHash;
  private String model;
  private String fp8Weight;
  private String cacheFp16WeightForLora;
  private String vaeHash;
  private String vae;
  private Long variationSeed;
  private Number variationSeedStrength;
  private int seedResizeFromW = -1;
  private int seedResizeFromH = -1;
  private Number conditionalMaskWeight;
  private int clipSkip = 1;
  private Long ensd;
  private Number tokenMergingRatio;
  private Number tokenMergingRatioHr;
  private String initImageHash;
  private String rng;
  private boolean tiling;
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private String version;
  private String user;

  public InfotextBuilder prompt(String v) {
    prompt = v == null ? "" : v;
    return this;
  }

  public InfotextBuilder negativePrompt(String v) {
    negativePrompt = v == null ? "" : v;
    return this;
  }

  public InfotextBuilder steps(int v) {
    steps = v;
    return this;
  }

  public InfotextBuilder sampler(String v) {
    sampler = v;
    return this;
  }

  /** The resolved scheduler label, e.g. {@code Automatic} or {@code Karras}. */
  public InfotextBuilder scheduleType(String v) {
    scheduleType = v;
    return this;
  }

  public InfotextBuilder cfgScale(double v) {
    cfgScale = v;
    return this;
  }

  /** Only for instruct-pix2pix ("edit") models. */
  public InfotextBuilder imageCfgScale(Double v) {
    imageCfgScale = v;
    return this;
  }

  public InfotextBuilder seed(long v) {
    seed = v;
    return this;
  }

  /** The face restoration model when restore_faces is on, else null. */
  public InfotextBuilder faceRestoration(String v) {
    faceRestoration = v;
    return this;
  }

  public InfotextBuilder size(int w, int h) {
    width = w;
    height = h;
    return this;
  }

  /** Null when option add_model_hash_to_info is off. */
  public InfotextBuilder modelHash(String v) {
    modelHash = v;
    return this;
  }

  /** Null when option add_model_name_to_info is off. */
  public InfotextBuilder model(String v) {
    model = v;
    return this;
  }

  public InfotextBuilder fp8(String fp8Storage, String cacheFp16Weight) {
    fp8Weight = fp8Storage;
    cacheFp16WeightForLora = cacheFp16Weight;
    return this;
  }

  /** External VAE: hash and file name; nulls when the model's own VAE is used. */
  public InfotextBuilder vae(String hash, String name) {
    vaeHash = hash;
    vae = name;
    return this;
  }

  /** Written only when {@code strength} is not 0. */
  public InfotextBuilder variation(long subseed, Number strength) {
    boolean off = strength == null || strength.doubleValue() == 0;
    variationSeed = off ? null : subseed;
    variationSeedStrength = off ? null : strength;
    return this;
  }

  public InfotextBuilder seedResizeFrom(int w, int h) {
    seedResizeFromW = w;
    seedResizeFromH = h;
    return this;
  }

  /** Its slot comes from {@code extra_generation_params}, where A1111 keeps it. */
  public InfotextBuilder denoisingStrength(Number v) {
    return extra("Denoising strength", v);
  }

  /** Inpainting models only. */
  public InfotextBuilder conditionalMaskWeight(Number v) {
    conditionalMaskWeight = v;
    return this;
  }

  public InfotextBuilder clipSkip(int v) {
    clipSkip = v;
    return this;
  }

  /** eta_noise_seed_delta when it applies (non-zero, sampler uses ENSD, eta non-zero), else null. */
  public InfotextBuilder ensd(Long v) {
    ensd = v;
    return this;
  }

  public InfotextBuilder tokenMerging(Number ratio, Number ratioHr) {
    tokenMergingRatio = ratio == null || ratio.doubleValue() == 0 ? null : ratio;
    tokenMergingRatioHr = ratioHr == null || ratioHr.doubleValue() == 0 ? null : ratioHr;
    return this;
  }

  public InfotextBuilder initImageHash(String v) {
    initImageHash = v;
    return this;
  }

  /** The randn source; "GPU" (the default) is not written. */
  public InfotextBuilder rng(String v) {
    rng = "GPU".equals(v) ? null : v;
    return this;
  }

  public InfotextBuilder tiling(boolean v) {
    tiling = v;
    return this;
  }

  /** An {@code extra_generation_params} entry, kept in insertion order; a null value leaves the key out. */
  public InfotextBuilder extra(String key, Object value) {
    extra.put(key, value);
    return this;
  }

  public InfotextBuilder extras(Map<String, ?> values) {
    extra.putAll(values);
    return this;
  }

  /** Null when option add_version_to_infotext is off. */
  public InfotextBuilder version(String v) {
    version = v;
    return this;
  }

  /** Null unless option add_user_name_to_info is on. */
  public InfotextBuilder user(String v) {
    user = v;
    return this;
  }

  /** The parameter pairs in A1111's order, null values included (they are dropped when written). */
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("Steps", steps);
    p.put("Sampler", sampler);
    p.put("Schedule type", scheduleType);
    p.put("CFG scale", cfgScale);
    p.put("Image CFG scale", imageCfgScale);
    p.put("Seed", seed);
    p.put("Face restoration", faceRestoration);
    p.put("Size", width + "x" + height);
    p.put("Model hash", modelHash);
    p.put("Model", model);
    p.put("FP8 weight", fp8Weight);
    p.put("Cache FP16 weight for LoRA", cacheFp16WeightForLora);
    p.put("VAE hash", vaeHash);
    p.put("VAE", vae);
    p.put("Variation seed", variationSeed);
    p.put("Variation seed strength", variationSeedStrength);
    p.put("Seed resize from", seedResizeFromW <= 0 || seedResizeFromH <= 0 ? null
        : seedResizeFromW + "x" + seedResizeFromH);
    p.put("Denoising strength", extra.get("Denoising strength"));
    p.put("Conditional mask weight", conditionalMaskWeight);
    p.put("Clip skip", clipSkip <= 1 ? null : clipSkip);
    p.put("ENSD", ensd);
    p.put("Token merging ratio", tokenMergingRatio);
    p.put("Token merging ratio hr", tokenMergingRatioHr);
    p.put("Init image hash", initImageHash);
    p.put("RNG", rng);
    p.put("Tiling", tiling ? "True" : null);
    p.putAll(extra);
    p.put("Version", version);
    p.put("User", user);
    return p;
  }

  public String build() {
    String negative = negativePrompt.isEmpty() ? "" : "\nNegative prompt: " + negativePrompt;
    return (prompt + negative + "\n" + InfotextFormat.joinParams(params())).strip();
  }
}
