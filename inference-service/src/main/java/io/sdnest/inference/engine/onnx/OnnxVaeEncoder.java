package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sdnest.inference.engine.noise.NoiseSource;
import io.sdnest.inference.engine.tensor.FloatTensor;

/**
 * The VAE encoder: RGB {@code [batch, 3, H, W]} in [-1, 1] → latents {@code [batch, 4, H/8, W/8]}, not yet multiplied
 * by the scaling factor. Newer exports return {@code latent_parameters} (mean and log-variance), which are sampled
 * here with each image's noise; older ones return {@code latent_sample}, drawn inside the graph.
 */
public final class OnnxVaeEncoder extends OnnxModel {

  private final String inName;
  private final OnnxJavaType inType;
  private final String outName;
  private final boolean parameters;

  public OnnxVaeEncoder(OnnxSessionFactory sessions, Path modelFile) {
    super(sessions, modelFile);
    try {
      inName = requireInput("sample");
      inType = info(inName).type;
      if (outputs().containsKey("latent_parameters")) {
        outName = "latent_parameters";
      } else {
        outName = requireOutput("latent_sample");
      }
      parameters = outName.equals("latent_parameters");
      if (!TensorIo.isFloatType(inType) || info(inName).getShape().length != 4) {
        throw new ModelLoadException(modelFile, "input " + inName + " is " + info(inName) + ", expected float [batch, 3, H, W]");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Whether the graph returns mean and log-variance ({@code latent_parameters}) rather than a sample. */
  public boolean returnsParameters() {
    return parameters;
  }

  /**
   * Encodes images. {@code noise} gives one source per row, used only with {@code latent_parameters}
   * (z = mean + exp(logvar / 2)·ε, logvar clamped to [-30, 20] as diffusers does).
   */
  public FloatTensor encode(FloatTensor images, List<NoiseSource> noise) {
    if (images.rank() != 4 || images.dim(1) != 3) {
      throw new IllegalArgumentException("images must be [batch, 3, H, W], got " + images);
    }
    int batch = Math.toIntExact(images.dim(0));
    if (parameters && noise.size() != batch) {
      throw new IllegalArgumentException("need one noise source per image: " + batch + " images, " + noise.size() + " sources");
    }
    try (OnnxTensor in = TensorIo.floats(env, "vaeenc." + inName, images.data(), images.shape(), inType);
         OrtSession.Result result = session.run(Map.of(inName, in), Set.of(outName))) {
      var value = result.get(outName).orElseThrow();
      float[] out = TensorIo.readFloats(value, outName);
      long[] shape = TensorIo.shape(value);
      return parameters ? sample(out, shape, noise) : new FloatTensor(out, shape);
    } catch (OrtException e) {
      throw new IllegalStateException("VAE encoder " + path + " failed: " + e.getMessage(), e);
    }
  }

  private static FloatTensor sample(float[] params, long[] shape, List<NoiseSource> noise) {
    if (shape.length != 4 || shape[1] % 2 != 0) {
      throw new IllegalStateException("latent_parameters must be [batch, 2·channels, h, w], got " + TensorIo.describe(shape));
    }
    int batch = (int) shape[0];
    int channels = (int) shape[1] / 2;
    int plane = (int) (shape[2] * shape[3]);
    int half = channels * plane;
    float[] z = new float[batch * half];
    for (int b = 0; b < batch; b++) {
      float[] eps = noise.get(b).next(half);
      int src = b * 2 * half;
      for (int i = 0; i < half; i++) {
        double mean = params[src + i];
        double logvar = Math.max(-30.0, Math.min(20.0, params[src + half + i]));
        z[b * half + i] = (float) (mean + Math.exp(0.5 * logvar) * eps[i]);
      }
    }
    return new FloatTensor(z, new long[] {batch, channels, shape[2], shape[3]});
  }
}
