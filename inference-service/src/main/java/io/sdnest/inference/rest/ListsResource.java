package io.sdnest.inference.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.engine.image.LatentUpscaleMode;
import io.sdnest.inference.engine.image.PixelUpscaler;
import io.sdnest.inference.engine.sampler.SamplerCatalog;
import io.sdnest.inference.engine.schedule.SchedulerCatalog;
import io.sdnest.inference.service.CmdFlags;
import io.sdnest.inference.service.LoraCatalog;
import io.sdnest.inference.service.PromptStyles;

/**
 * A1111's list routes. Components sdnest does not have (hypernetworks, face restorers, Real-ESRGAN, VAEs) are listed
 * empty, so that clients which list them keep working.
 */
@Path("/sdapi/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "lists")
public class ListsResource {

  /** A1111's {@code UpscalerData} default scale, which its built-in upscalers keep. */
  private static final double UPSCALER_SCALE = 4.0;

  private final PromptStyles styles;
  private final LoraCatalog loras;
  private final CmdFlags flags;

  public ListsResource(PromptStyles styles, LoraCatalog loras, CmdFlags flags) {
    this.styles = styles;
    this.loras = loras;
    this.flags = flags;
  }

  @GET
  @Path("/samplers")
  @Operation(summary = "The samplers, in A1111's order")
  public List<ListItems.Sampler> samplers() {
    return SamplerCatalog.all().stream().map(ListItems.Sampler::of).toList();
  }

  @GET
  @Path("/schedulers")
  @Operation(summary = "The schedule types")
  public List<ListItems.Scheduler> schedulers() {
    return SchedulerCatalog.all().stream().map(ListItems.Scheduler::of).toList();
  }

  @GET
  @Path("/upscalers")
  @Operation(summary = "The image upscalers sdnest has (None, Lanczos, Nearest)")
  public List<ListItems.Upscaler> upscalers() {
    return PixelUpscaler.titles().stream()
        .map(t -> new ListItems.Upscaler(t, null, null, null, UPSCALER_SCALE)).toList();
  }

  @GET
  @Path("/latent-upscale-modes")
  @Operation(summary = "The latent upscale modes of the hires fix")
  public List<ListItems.LatentUpscaleMode> latentUpscaleModes() {
    return LatentUpscaleMode.titles().stream().map(ListItems.LatentUpscaleMode::new).toList();
  }

  @GET
  @Path("/hypernetworks")
  @Operation(summary = "Always empty: sdnest has no hypernetworks")
  public List<ListItems.Hypernetwork> hypernetworks() {
    return List.of();
  }

  @GET
  @Path("/face-restorers")
  @Operation(summary = "Always empty: sdnest has no face restorers")
  public List<ListItems.FaceRestorer> faceRestorers() {
    return List.of();
  }

  @GET
  @Path("/realesrgan-models")
  @Operation(summary = "Always empty: sdnest has no Real-ESRGAN models")
  public List<ListItems.Realesrgan> realesrganModels() {
    return List.of();
  }

  @GET
  @Path("/sd-vae")
  @Operation(summary = "Empty: sdnest uses each pipeline's own VAE")
  public List<ListItems.SdVae> sdVae() {
    return List.of();
  }

  @GET
  @Path("/prompt-styles")
  @Operation(summary = "The saved prompt styles of styles.csv in the data directory")
  public List<ListItems.PromptStyle> promptStyles() {
    return styles.all().stream().map(st -> new ListItems.PromptStyle(st.name(), st.prompt(), st.negativePrompt()))
        .toList();
  }

  @GET
  @Path("/loras")
  @Operation(summary = "The LoRA files of models/Lora with their safetensors metadata (not applied to prompts yet)")
  public List<ListItems.Lora> loras() {
    return loras.all().stream().map(l -> new ListItems.Lora(l.name(), l.alias(), l.path().toString(), l.metadata()))
        .toList();
  }

  @GET
  @Path("/cmd-flags")
  @Operation(summary = "A1111's launch flags with sdnest's effective values; never any secret")
  public Map<String, Object> cmdFlags() {
    return flags.all();
  }

  @GET
  @Path("/embeddings")
  @Operation(summary = "Empty: sdnest does not load textual-inversion embeddings yet")
  public Map<String, Map<String, Object>> embeddings() {
    return Map.of("loaded", Map.of(), "skipped", Map.of());
  }

  @GET
  @Path("/scripts")
  @Operation(summary = "Empty: sdnest has no scripts")
  public Map<String, List<String>> scripts() {
    return Map.of("txt2img", List.of(), "img2img", List.of());
  }

  @GET
  @Path("/script-info")
  @Operation(summary = "Empty: sdnest has no scripts")
  public List<Map<String, Object>> scriptInfo() {
    return List.of();
  }

  @GET
  @Path("/extensions")
  @Operation(summary = "Empty: sdnest has no extensions")
  public List<Map<String, Object>> extensions() {
    return List.of();
  }
}
