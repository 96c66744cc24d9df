package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sdnest.inference.engine.tensor.FloatTensor;

/**
 * The UNet's noise (or v) prediction on ONNX Runtime. The {@code timestep} input is read from the graph: int64 or
 * float (float16 when the graph was converted to fp16), rank 1 with a free batch axis (one timestep per row), rank 1 of
 * length 1, or a scalar (one timestep for the whole batch). Integer timesteps are rounded to the nearest integer.
 * Inputs and the output live on direct buffers reused per thread; ONNX Runtime writes the output in place (pinned), and
 * {@link #predict(FloatTensor, double[], FloatTensor, float[])} reads it into the caller's array, so a denoising loop
 * allocates nothing proportional to the latent per call.
 */
public final class OnnxUnet extends OnnxModel {

  /** UNet inputs of pipelines this engine does not drive yet, with what needs them. */
  private static final Map<String, String> UNSUPPORTED_INPUTS = Map.of(
      "text_embeds", "SDXL added conditioning (text_embeds)",
      "time_ids", "SDXL added conditioning (time_ids)",
      "timestep_cond", "an LCM-distilled UNet (timestep_cond)");

  private final String sampleName;
  private final OnnxJavaType sampleType;
  private final String timestepName;
  private final OnnxJavaType timestepType;
  private final long[] timestepShape;
  private final String contextName;
  private final OnnxJavaType contextType;
  private final String outName;
  private final OnnxJavaType outType;
  private final int inChannels;
  private final int contextDim;

  public OnnxUnet(OnnxSessionFactory sessions, Path modelFile) {
    super(sessions, modelFile);
    try {
      for (String name : inputs().keySet()) {
        if (UNSUPPORTED_INPUTS.containsKey(name)) {
          throw new ModelLoadException(modelFile, "the UNet needs " + UNSUPPORTED_INPUTS.get(name) + ", which is not supported yet");
        }
      }
      sampleName = requireInput("sample");
      timestepName = requireInput("timestep");
      contextName = requireInput("encoder_hidden_states");
      outName = requireOutput("out_sample", "sample");
      outType = info(outName).type;
      if (!TensorIo.isFloatType(outType) || outType == OnnxJavaType.DOUBLE) {
        throw new ModelLoadException(modelFile, "output " + outName + " is " + info(outName) + ", expected float or float16");
      }
      TensorInfo sample = info(sampleName);
      TensorInfo timestep = info(timestepName);
      TensorInfo context = info(contextName);
      sampleType = sample.type;
      timestepType = timestep.type;
      contextType = context.type;
      timestepShape = timestep.getShape();
      if (sample.getShape().length != 4 || !TensorIo.isFloatType(sampleType)) {
        throw new ModelLoadException(modelFile, "input " + sampleName + " is " + sample + ", expected float [batch, channels, h, w]");
      }
      if (timestepShape.length > 1 || !(TensorIo.isFloatType(timestepType) || TensorIo.isIntType(timestepType))) {
        throw new ModelLoadException(modelFile, "input " + timestepName + " is " + timestep + ", expected a scalar or [n] of int or float");
      }
      if (context.getShape().length != 3) {
        throw new ModelLoadException(modelFile, "input " + contextName + " is " + context + ", expected [batch, sequence, dim]");
      }
      long channels = sample.getShape()[1];
      if (channels != 4 && channels != 9) {
        throw new ModelLoadException(modelFile, "the UNet takes " + channels + " latent channels; supported are 4 (normal) and 9 (inpainting)");
      }
      inChannels = (int) channels;
      contextDim = (int) context.getShape()[2];
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** 4, or 9 for an inpainting UNet (latent + mask + masked-image latent). */
  public int inChannels() {
    return inChannels;
  }

  public boolean isInpainting() {
    return inChannels == 9;
  }

  /** The width of {@code encoder_hidden_states}, or -1 when the graph leaves it free. */
  public int contextDim() {
    return contextDim;
  }

  /** Whether rows of one call may have different timesteps ({@code timestep} is {@code [batch]}). */
  public boolean perRowTimesteps() {
    return timestepShape.length == 1 && timestepShape[0] != 1;
  }

  public OnnxJavaType timestepType() {
    return timestepType;
  }

  public int timestepRank() {
    return timestepShape.length;
  }

  public boolean isFp16() {
    return sampleType == OnnxJavaType.FLOAT16;
  }

  /**
   * Predicts for a batch of rows.
   *
   * @param sample    {@code [batch, inChannels, h, w]}, already scaled by the sampler's input scaling
   * @param timesteps one per row; they must all be equal unless {@link #perRowTimesteps()}
   * @param context   {@code [batch, sequence, dim]}
   * @return {@code [batch, 4, h, w]}
   */
  public FloatTensor predict(FloatTensor sample, double[] timesteps, FloatTensor context) {
    long[] outShape = {sample.dim(0), 4, sample.dim(2), sample.dim(3)};
    float[] out = new float[Math.toIntExact(outShape[0] * outShape[1] * outShape[2] * outShape[3])];
    predict(sample, timesteps, context, out);
    return new FloatTensor(out, outShape);
  }

  /**
   * As {@link #predict(FloatTensor, double[], FloatTensor)}, writing the {@code [batch, 4, h, w]} prediction into
   * {@code out} (float16 outputs converted).
   */
  public void predict(FloatTensor sample, double[] timesteps, FloatTensor context, float[] out) {
    long batch = sample.dim(0);
    if (sample.rank() != 4 || sample.dim(1) != inChannels) {
      throw new IllegalArgumentException("sample must be [batch, " + inChannels + ", h, w], got " + sample);
    }
    if (context.rank() != 3 || context.dim(0) != batch || (contextDim > 0 && context.dim(2) != contextDim)) {
      throw new IllegalArgumentException("encoder_hidden_states must be [" + batch + ", sequence, " + contextDim + "], got " + context);
    }
    if (timesteps.length != batch) {
      throw new IllegalArgumentException("need one timestep per row: " + batch + " rows, " + timesteps.length + " timesteps");
    }
    double[] ts = timesteps;
    if (!perRowTimesteps()) {
      for (double t : timesteps) {
        if (t != timesteps[0]) {
          throw new IllegalArgumentException("this UNet takes one timestep per call, but the rows have different timesteps");
        }
      }
      ts = new double[] {timesteps[0]};
    }
    long[] tShape = timestepShape.length == 0 ? new long[0] : new long[] {ts.length};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(sampleName, TensorIo.floats(env, "unet." + sampleName, sample.data(), sample.shape(), sampleType));
      in.put(contextName, TensorIo.floats(env, "unet." + contextName, context.data(), context.shape(), contextType));
      in.put(timestepName, timestepTensor(ts, tShape));
      long[] outShape = {batch, 4, sample.dim(2), sample.dim(3)};
      try (TensorIo.Pinned pinned = TensorIo.pinned(env, "unet.out." + outName, outShape, outType);
           OrtSession.Result ignored = session.run(in, Map.of(outName, pinned.tensor()))) {
        pinned.read(out);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("UNet " + path + " failed: " + e.getMessage(), e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor timestepTensor(double[] ts, long[] shape) throws OrtException {
    if (TensorIo.isIntType(timestepType)) {
      long[] v = new long[ts.length];
      for (int i = 0; i < ts.length; i++) {
        v[i] = Math.round(ts[i]);
      }
      return TensorIo.integers(env, "unet." + timestepName, v, shape, timestepType);
    }
    float[] v = new float[ts.length];
    for (int i = 0; i < ts.length; i++) {
      v[i] = (float) ts[i];
    }
    return TensorIo.floats(env, "unet." + timestepName, v, shape, timestepType);
  }
}
