package io.sdnest.inference.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.sdnest.inference.service.GenerationParameters;

/** A1111's {@code StableDiffusionImg2ImgProcessingAPI}: every field optional, null meaning A1111's default. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "StableDiffusionProcessingImg2Img", description = "An img2img request; unknown fields are ignored")
public record Img2ImgRequest(
    @Schema(defaultValue = "", example = "a red car") String prompt,
    @Schema(defaultValue = "") String negative_prompt,
    List<String> styles,
    @Schema(defaultValue = "-1", description = "-1 draws a random seed") Long seed,
    @Schema(defaultValue = "-1") Long subseed,
    @Schema(defaultValue = "0") Double subseed_strength,
    @Schema(defaultValue = "-1") Integer seed_resize_from_h,
    @Schema(defaultValue = "-1") Integer seed_resize_from_w,
    @Schema(example = "Euler a") String sampler_name,
    @Schema(example = "Karras") String scheduler,
    @Schema(defaultValue = "1") Integer batch_size,
    @Schema(defaultValue = "1") Integer n_iter,
    @Schema(defaultValue = "50", example = "20") Integer steps,
    @Schema(defaultValue = "7.0") Double cfg_scale,
    @Schema(defaultValue = "512") Integer width,
    @Schema(defaultValue = "512") Integer height,
    Boolean restore_faces,
    Boolean tiling,
    @Schema(defaultValue = "false") Boolean do_not_save_samples,
    @Schema(defaultValue = "false") Boolean do_not_save_grid,
    Double eta,
    @Schema(defaultValue = "0.75") Double denoising_strength,
    Double s_min_uncond,
    Double s_churn,
    Double s_tmax,
    Double s_tmin,
    Double s_noise,
    Map<String, Object> override_settings,
    @Schema(defaultValue = "true") Boolean override_settings_restore_afterwards,
    String refiner_checkpoint,
    Double refiner_switch_at,
    @Schema(defaultValue = "false") Boolean disable_extra_networks,
    String firstpass_image,
    Map<String, Object> comments,
    @Schema(description = "Base64 images or data:image/...;base64, URLs: one, or one per image of a batch")
    List<String> init_images,
    @Schema(defaultValue = "0", description = "0 just resize, 1 crop and resize, 2 resize and fill, 3 latent upscale")
    Integer resize_mode,
    Double image_cfg_scale,
    @Schema(description = "Base64 mask image; white is repainted") String mask,
    @Schema(defaultValue = "4") Integer mask_blur_x,
    @Schema(defaultValue = "4") Integer mask_blur_y,
    @Schema(description = "If set, applies to both mask_blur_x and mask_blur_y") Integer mask_blur,
    @Schema(defaultValue = "true") Boolean mask_round,
    @Schema(defaultValue = "0", description = "0 fill, 1 original, 2 latent noise, 3 latent nothing")
    Integer inpainting_fill,
    @Schema(defaultValue = "true") Boolean inpaint_full_res,
    @Schema(defaultValue = "0") Integer inpaint_full_res_padding,
    @Schema(defaultValue = "0") Integer inpainting_mask_invert,
    Double initial_noise_multiplier,
    String latent_mask,
    String force_task_id,
    @Schema(defaultValue = "Euler") String sampler_index,
    @Schema(defaultValue = "false") Boolean include_init_images,
    String script_name,
    List<Object> script_args,
    @Schema(defaultValue = "true") Boolean send_images,
    @Schema(defaultValue = "false") Boolean save_images,
    Map<String, Object> alwayson_scripts,
    String infotext) implements GenerationParameters {
}
