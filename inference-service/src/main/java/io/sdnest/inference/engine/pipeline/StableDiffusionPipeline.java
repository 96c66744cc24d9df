package io.sdnest.inference.engine.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdnest.inference.engine.onnx.LoadedPipeline;
import io.sdnest.inference.engine.schedule.ModelSigmas;
import io.sdnest.inference.engine.schedule.NoiseScheduleConfig;
import io.sdnest.inference.engine.tokenizer.ClipTokenizer;
import io.sdnest.inference.engine.tokenizer.TokenizerFolder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The in-process entry point of the engine: a request in, images with infotexts and the generation info out. It
 * composes the stages (prompt conditioning → denoising → VAE decode → image encoding) and knows nothing of any
 * sampler's math. One instance per loaded model; {@link #generate} with its own {@link Execution} may run on several threads at once as
 * long as that execution serialises the device calls (the local one may be used by one thread at a time).
 */
public final class StableDiffusionPipeline {

  /** What sdnest writes as "Version" in infotexts and the info object. */
  public static final String VERSION = "sdnest-0.1.0";

  private final LoadedPipeline model;
  private final ModelIdentity identity;
  private final PipelineSettings settings;
  private final ClipTokenizer tokenizer;
  private final ModelSigmas modelSigmas;
  private final VaeCodec vae;
  private final UnetModel unet;
  private final Execution local;

  public StableDiffusionPipeline(LoadedPipeline model, ModelIdentity identity, PipelineSettings settings) {
    this.model = model;
    this.identity = identity;
    this.settings = settings;
    try {
      this.tokenizer = TokenizerFolder.load(model.tokenizerDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + model.name() + ": " + e.getMessage(), e);
    }
    this.modelSigmas = new ModelSigmas(NoiseScheduleConfig.fromJson(new ObjectMapper().valueToTree(
        model.schedulerConfig())));
    this.vae = new VaeCodec(model);
    this.unet = UnetModel.of(model.unet());
    this.local = new Execution(new LocalDenoiser(unet, settings.maxUnetRows()), DeviceCalls.DIRECT);
  }

  /** Generates on the calling thread, which then makes every ONNX Runtime call itself. */
  public GenerationResult generate(GenerationRequest request, ProgressListener progress, CancellationToken cancel) {
    return generate(request, progress, cancel, local);
  }

  /** Generates with the UNet, text encoder and VAE calls made where {@code execution} says. */
  public GenerationResult generate(GenerationRequest request, ProgressListener progress, CancellationToken cancel,
      Execution execution) {
    return new Generation(this, request, progress, cancel, execution).run();
  }

  /** The UNet as batches call it; one instance per pipeline, so it also identifies the model of a call. */
  public UnetModel unet() {
    return unet;
  }

  public LoadedPipeline model() {
    return model;
  }

  public ModelIdentity identity() {
    return identity;
  }

  public ClipTokenizer tokenizer() {
    return tokenizer;
  }

  public ModelSigmas modelSigmas() {
    return modelSigmas;
  }

  PipelineSettings settings() {
    return settings;
  }

  VaeCodec vae() {
    return vae;
  }
}
