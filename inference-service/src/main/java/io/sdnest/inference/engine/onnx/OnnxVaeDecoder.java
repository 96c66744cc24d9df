package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sdnest.inference.engine.tensor.FloatTensor;

/** The VAE decoder: latents already divided by the scaling factor → RGB {@code [batch, 3, 8h, 8w]} in about [-1, 1]. */
public final class OnnxVaeDecoder extends OnnxModel {

  private final String inName;
  private final OnnxJavaType inType;
  private final String outName;

  public OnnxVaeDecoder(OnnxSessionFactory sessions, Path modelFile) {
    super(sessions, modelFile);
    try {
      inName = requireInput("latent_sample");
      inType = info(inName).type;
      outName = requireOutput("sample");
      if (!TensorIo.isFloatType(inType) || info(inName).getShape().length != 4) {
        throw new ModelLoadException(modelFile, "input " + inName + " is " + info(inName) + ", expected float [batch, 4, h, w]");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public FloatTensor decode(FloatTensor latents) {
    if (latents.rank() != 4) {
      throw new IllegalArgumentException("latents must be [batch, 4, h, w], got " + latents);
    }
    try (OnnxTensor in = TensorIo.floats(env, "vaedec." + inName, latents.data(), latents.shape(), inType);
         OrtSession.Result result = session.run(Map.of(inName, in), Set.of(outName))) {
      var value = result.get(outName).orElseThrow();
      return new FloatTensor(TensorIo.readFloats(value, outName), TensorIo.shape(value));
    } catch (OrtException e) {
      throw new IllegalStateException("VAE decoder " + path + " failed: " + e.getMessage(), e);
    }
  }
}
