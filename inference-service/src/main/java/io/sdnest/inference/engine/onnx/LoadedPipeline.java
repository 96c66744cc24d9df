package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sdnest.inference.engine.model.ModelKind;
import io.sdnest.inference.engine.model.PipelineFolder;
import io.sdnest.inference.engine.model.PredictionType;

/**
 * A Stable Diffusion pipeline with all its sessions open: what the sampling pipeline runs. Built whole by
 * {@link #load} or not at all, so nobody sees a half-loaded pipeline. Closing it closes every session.
 */
public final class LoadedPipeline implements AutoCloseable {

  private final PipelineFolder folder;
  private final OnnxTextEncoder textEncoder;
  private final OnnxUnet unet;
  private final OnnxVaeDecoder vaeDecoder;
  private final OnnxVaeEncoder vaeEncoder;
  private final String provider;

  private LoadedPipeline(PipelineFolder folder, OnnxTextEncoder textEncoder, OnnxUnet unet, OnnxVaeDecoder vaeDecoder,
                         OnnxVaeEncoder vaeEncoder, String provider) {
    this.folder = folder;
    this.textEncoder = textEncoder;
    this.unet = unet;
    this.vaeDecoder = vaeDecoder;
    this.vaeEncoder = vaeEncoder;
    this.provider = provider;
  }

  /**
   * Opens every session of {@code folder}. Unsupported or incomplete pipelines are refused with a message naming the
   * folder and what is missing; if any session fails, those already open are closed again.
   */
  public static LoadedPipeline load(PipelineFolder folder, OnnxSessionFactory sessions) {
    folder.requireLoadable();
    List<OnnxModel> opened = new ArrayList<>();
    try {
      OnnxTextEncoder te = track(opened, new OnnxTextEncoder(sessions, folder.textEncoder(), folder.textEncoderHiddenSize()));
      OnnxUnet unet = track(opened, new OnnxUnet(sessions, folder.unet()));
      OnnxVaeDecoder dec = track(opened, new OnnxVaeDecoder(sessions, folder.vaeDecoder()));
      OnnxVaeEncoder enc = folder.vaeEncoder().map(p -> track(opened, new OnnxVaeEncoder(sessions, p))).orElse(null);
      if (unet.contextDim() > 0 && unet.contextDim() != te.hiddenSize()) {
        throw new ModelLoadException(folder.unet(), "the UNet expects encoder_hidden_states of width " + unet.contextDim()
            + " but the text encoder gives " + te.hiddenSize());
      }
      return new LoadedPipeline(folder, te, unet, dec, enc, sessions.providerInUse());
    } catch (RuntimeException e) {
      opened.forEach(OnnxModel::close);
      throw e;
    }
  }

  private static <T extends OnnxModel> T track(List<OnnxModel> opened, T model) {
    opened.add(model);
    return model;
  }

  public String name() {
    return folder.name();
  }

  public PipelineFolder folder() {
    return folder;
  }

  /** Folder with {@code vocab.json}, {@code merges.txt} and {@code tokenizer_config.json}. */
  public Path tokenizerDir() {
    return folder.tokenizerDir();
  }

  public OnnxTextEncoder textEncoder() {
    return textEncoder;
  }

  public OnnxUnet unet() {
    return unet;
  }

  public OnnxVaeDecoder vaeDecoder() {
    return vaeDecoder;
  }

  /** Absent when the export has no VAE encoder (then img2img is unavailable). */
  public Optional<OnnxVaeEncoder> vaeEncoder() {
    return Optional.ofNullable(vaeEncoder);
  }

  public Map<String, Object> schedulerConfig() {
    return folder.schedulerConfig();
  }

  public double scalingFactor() {
    return folder.scalingFactor();
  }

  public ModelKind kind() {
    return folder.kind();
  }

  public PredictionType predictionType() {
    return folder.predictionType();
  }

  public boolean isInpainting() {
    return unet.isInpainting();
  }

  /** The execution provider the sessions run on. */
  public String provider() {
    return provider;
  }

  @Override
  public void close() {
    textEncoder.close();
    unet.close();
    vaeDecoder.close();
    if (vaeEncoder != null) {
      vaeEncoder.close();
    }
  }
}
