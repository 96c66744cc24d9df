package io.sdnest.inference.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.sdnest.inference.service.GenerationParameters;

/** A1111's {@code StableDiffusionTxt2ImgProcessingAPI}: every field optional, null meaning A1111's default. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "StableDiffusionProcessingTxt2Img", description = "A txt2img request; unknown fields are ignored")
public record Txt2ImgRequest(
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
    @Schema(description = "Used by the hires fix only") Double denoising_strength,
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
    @Schema(defaultValue = "false") Boolean enable_hr,
    @Schema(defaultValue = "0") Integer firstphase_width,
    @Schema(defaultValue = "0") Integer firstphase_height,
    @Schema(defaultValue = "2.0") Double hr_scale,
    @Schema(description = "null means Latent") String hr_upscaler,
    @Schema(defaultValue = "0") Integer hr_second_pass_steps,
    @Schema(defaultValue = "0") Integer hr_resize_x,
    @Schema(defaultValue = "0") Integer hr_resize_y,
    String hr_checkpoint_name,
    String hr_sampler_name,
    String hr_scheduler,
    @Schema(defaultValue = "") String hr_prompt,
    @Schema(defaultValue = "") String hr_negative_prompt,
    String force_task_id,
    @Schema(defaultValue = "Euler") String sampler_index,
    String script_name,
    List<Object> script_args,
    @Schema(defaultValue = "true") Boolean send_images,
    @Schema(defaultValue = "false") Boolean save_images,
    Map<String, Object> alwayson_scripts,
    String infotext) implements GenerationParameters {
}
