package io.sdnest.inference.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.common.error.ApiException;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.common.security.Caller;
import io.sdnest.inference.engine.ValidationException;
import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.OutputFormat;
import io.sdnest.inference.engine.pipeline.GenerationLimits;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Hires;
import io.sdnest.inference.engine.pipeline.GenerationRequest.Img2Img;
import io.sdnest.inference.engine.pipeline.GenerationRequestBuilder;
import io.sdnest.inference.engine.pipeline.GenerationResult;
import io.sdnest.inference.rest.GenerationResponse;
import io.sdnest.inference.rest.Img2ImgRequest;
import io.sdnest.inference.rest.Txt2ImgRequest;
import io.sdnest.inference.worker.AdmissionQueue;
import io.sdnest.inference.worker.Rejection;

/** Maps A1111 txt2img/img2img requests onto the engine, runs them on the serving model and shapes the response. */
@ApplicationScoped
public class GenerationService {

  /** A1111's UI default for the hires fix; its API leaves it null and then fails, clients send 0.7. */
  private static final double HIRES_DENOISING_DEFAULT = 0.7;

  private final ModelHolder models;
  private final InferenceWorker worker;
  private final JobRegistry jobs;
  private final OptionsService options;
  private final ImageInputs images;
  private final PromptStyles styles;
  private final GenerationOutputs outputs;
  private final GenerationLimits limits;

  public GenerationService(ModelHolder models, InferenceWorker worker, JobRegistry jobs, OptionsService options,
      ImageInputs images, PromptStyles styles, GenerationOutputs outputs, InferenceConfig config) {
    this.limits = config.limits().toGenerationLimits();
    this.models = models;
    this.worker = worker;
    this.jobs = jobs;
    this.options = options;
    this.images = images;
    this.styles = styles;
    this.outputs = outputs;
  }

  /** How a request arrived: who sent it, through which replica, whether it answers at once, and a hook for its job. */
  public record Submission(Caller caller, String replica, boolean async, Consumer<GenerationJob> onQueued) {

    public static Submission sync(Caller caller) {
      return new Submission(caller, null, false, j -> { });
    }
  }

  /** The job of a request and, when it ran synchronously, its response. */
  public record Submitted(GenerationJob job, GenerationResponse response) {
  }

  public Submitted txt2img(Txt2ImgRequest r, Submission submission) {
    GenerationRequestBuilder b = common(r);
    if (Boolean.TRUE.equals(r.enable_hr())) {
      b.hires(new Hires(or(r.hr_scale(), 2.0), or(r.hr_resize_x(), 0), or(r.hr_resize_y(), 0), r.hr_upscaler(),
          or(r.hr_second_pass_steps(), 0), or(r.denoising_strength(), HIRES_DENOISING_DEFAULT),
          styles.applyToHires(r.hr_prompt(), r.styles(), false), styles.applyToHires(r.hr_negative_prompt(),
              r.styles(), true), r.hr_sampler_name(), r.hr_scheduler()));
    }
    return run("txt2img", b, r, RequestEcho.of(r, RequestEcho.TXT2IMG), submission);
  }

  public Submitted img2img(Img2ImgRequest r, Submission submission) {
    if (r.init_images() == null || r.init_images().isEmpty()) {
      throw new ApiException(404, "HTTPException", "Init image not found");
    }
    List<Bitmap> init = r.init_images().stream().map(s -> images.decode("init_images", s)).toList();
    Bitmap mask = r.mask() == null || r.mask().isBlank() ? null : images.decode("mask", r.mask());
    int blurX = r.mask_blur() != null ? r.mask_blur() : or(r.mask_blur_x(), 4);
    int blurY = r.mask_blur() != null ? r.mask_blur() : or(r.mask_blur_y(), 4);
    GenerationRequestBuilder b = common(r).img2img(new Img2Img(init, or(r.resize_mode(), 0),
        or(r.denoising_strength(), 0.75), mask, blurX, blurY, or(r.mask_round(), true), or(r.inpainting_fill(), 0),
        or(r.inpaint_full_res(), true), or(r.inpaint_full_res_padding(), 0), or(r.inpainting_mask_invert(), 0) != 0,
        or(r.initial_noise_multiplier(), 1.0)));
    Map<String, Object> echo = RequestEcho.of(r, RequestEcho.IMG2IMG);
    if (!Boolean.TRUE.equals(r.include_init_images())) {
      echo.put("init_images", null);
      echo.put("mask", null);
    }
    return run("img2img", b, r, echo, submission);
  }

  private GenerationRequestBuilder common(GenerationParameters p) {
    InfotextFallback pasted = new InfotextFallback(p.infotext());
    String sampler = p.sampler_name() != null && !p.sampler_name().isBlank() ? p.sampler_name()
        : pasted.text("Sampler", p.sampler_index());
    Map<String, Object> overrides = p.override_settings() != null ? p.override_settings() : Map.of();
    Object clipSkip = overrides.get("CLIP_stop_at_last_layers") == null && pasted.has("Clip skip")
        ? pasted.integer("Clip skip", (Integer) null) : setting(overrides, "CLIP_stop_at_last_layers");
    return GenerationRequest.builder()
        .clipSkip(number(clipSkip, "CLIP_stop_at_last_layers").intValue())
        .output(OutputFormat.of(String.valueOf(setting(overrides, "samples_format"))),
            number(setting(overrides, "jpeg_quality"), "jpeg_quality").intValue())
        .prompt(styles.apply(pasted.text("Prompt", p.prompt()), p.styles(), false))
        .negativePrompt(styles.apply(pasted.text("Negative prompt", p.negative_prompt()), p.styles(), true))
        .seed(or(pasted.integer("Seed", p.seed()), -1L))
        .variation(or(pasted.integer("Variation seed", p.subseed()), -1L),
            or(pasted.decimal("Variation seed strength", p.subseed_strength()), 0.0))
        .seedResizeFrom(or(p.seed_resize_from_w(), -1), or(p.seed_resize_from_h(), -1))
        .etaNoiseSeedDelta(number(setting(overrides, "eta_noise_seed_delta"), "eta_noise_seed_delta").longValue())
        .sampler(sampler)
        .scheduler(pasted.text("Schedule type", p.scheduler()))
        .steps(or(pasted.integer("Steps", p.steps()), 50))
        .cfgScale(or(pasted.decimal("CFG scale", p.cfg_scale()), 7.0))
        .samplerParameters(p.eta(), p.s_churn(), p.s_tmin(), p.s_tmax(), p.s_noise())
        .size(or(pasted.integer("Size-1", p.width()), 512), or(pasted.integer("Size-2", p.height()), 512))
        .batch(or(p.batch_size(), 1), or(p.n_iter(), 1));
  }

  private Submitted run(String kind, GenerationRequestBuilder builder, GenerationParameters p,
      Map<String, Object> echo, Submission submission) {
    if ((long) or(p.batch_size(), 1) * or(p.n_iter(), 1) > limits.maxImages()) {
      worker.rejected(Rejection.Reason.TOO_LARGE);
    }
    GenerationRequest request = builder.build(limits);
    worker.requireFits(request);
    Map<String, Object> overrides = p.override_settings() != null ? p.override_settings() : Map.of();
    int previewEvery = GenerationJob.previewEvery(flag(setting(overrides, "live_previews_enable"),
        "live_previews_enable"), number(setting(overrides, "show_progress_every_n_steps"),
        "show_progress_every_n_steps").intValue());
    String forcedId = p.force_task_id() == null || p.force_task_id().isBlank() ? null : p.force_task_id();
    boolean async = submission.async() || forcedId != null;
    GenerationJob job = jobs.create(submission.caller(), kind, async, request, submission.replica(), forcedId);
    AdmissionQueue.Ticket ticket;
    try {
      ticket = worker.enqueue(submission.caller().name());
    } catch (Rejection r) {
      jobs.remove(job);
      throw RejectionErrors.toApi(r);
    }
    job.queued(ticket);
    submission.onQueued().accept(job);
    if (async) {
      worker.runAsync(() -> {
        try {
          execute(request, p, echo, job, ticket, previewEvery);
        } catch (RuntimeException e) {
          // recorded in the job, which is where the client reads it
        }
      });
      return new Submitted(job, null);
    }
    try {
      return new Submitted(job, execute(request, p, echo, job, ticket, previewEvery));
    } finally {
      jobs.remove(job);
    }
  }

  private GenerationResponse execute(GenerationRequest request, GenerationParameters p, Map<String, Object> echo,
      GenerationJob job, AdmissionQueue.Ticket ticket, int previewEvery) {
    try {
      try {
        ticket.awaitAdmission();
      } catch (CancellationException | InterruptedException e) {
        throw new ApiException(409, "Cancelled", "The job was cancelled before it started");
      }
      job.started();
      Map<String, Object> overrides = p.override_settings() != null ? p.override_settings() : Map.of();
      Object checkpoint = overrides.get("sd_model_checkpoint");
      GenerationResult result = models.withPipeline(checkpoint != null ? String.valueOf(checkpoint) : null,
          !Boolean.FALSE.equals(p.override_settings_restore_afterwards()),
          serving -> serving.pipeline().generate(request, job.listener(() -> worker.firstStep(job.createdNanos()),
              previewEvery), job.cancellation(), worker.execution(serving.pipeline())));
      worker.imagesMade(result.images().size());
      if (job.cancellation().isAbandoned()) {
        // nobody waits for the answer: no response body, grid or saved images
        throw new ApiException(409, "Cancelled", "The job was cancelled");
      }
      GenerationResponse response = outputs.response(job.kind(), p, request, result, echo);
      job.succeeded(response);
      return response;
    } catch (RuntimeException e) {
      job.failed(JobErrors.status(e), JobErrors.body(e));
      throw e;
    } finally {
      ticket.release();
    }
  }

  /**
   * An option as this request sees it: its override_settings entry, else the current setting. Overrides never touch
   * the stored settings, so they are "restored afterwards" by construction.
   */
  private Object setting(Map<String, Object> overrides, String key) {
    return overrides.containsKey(key) && overrides.get(key) != null ? overrides.get(key) : options.get(key);
  }

  private static boolean flag(Object value, String key) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ValidationException(key, key + " must be true or false, got " + value);
  }

  private static Number number(Object value, String key) {
    if (value instanceof Number n) {
      return n;
    }
    throw new ValidationException(key, key + " must be a number, got " + value);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
