package io.sdnest.inference.engine.onnx;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sdnest.inference.engine.tensor.FloatTensor;
import io.sdnest.inference.engine.text.TextEncoder;

/**
 * CLIP's {@code text_encoder} on ONNX Runtime. {@code input_ids} may be int32 or int64; the hidden states come from
 * {@code last_hidden_state}. Clip skip needs the graph to expose {@code hidden_states.N} (Optimum exports them for SDXL;
 * the demo model too). A1111 applies CLIP's {@code final_layer_norm} to the earlier layer it picks; an exported graph
 * does not expose that layer norm on its own, so at load its scale, bias and epsilon are read from the
 * {@code LayerNormalization} node that produces {@code last_hidden_state} ({@link FinalLayerNorm}) and applied here in
 * Java. A graph whose {@code last_hidden_state} is its last hidden state (the demo model) has no final layer norm, so
 * nothing is applied. When the graph computes it otherwise (decomposed into ReduceMean/Sub/Pow/..., or fused by an
 * optimiser) a warning is logged once and clip skip returns the states without it, an approximation for such exports.
 */
public final class OnnxTextEncoder extends OnnxModel implements TextEncoder {

  private static final Pattern HIDDEN_STATE = Pattern.compile("hidden_states\\.(\\d+)");

  private final String idsName;
  private final OnnxJavaType idsType;
  private final String lastName;
  private final int lastLayer;
  private final int hiddenSize;
  private final FinalLayerNorm finalLayerNorm;

  public OnnxTextEncoder(OnnxSessionFactory sessions, Path modelFile, int configuredHiddenSize) {
    super(sessions, modelFile);
    try {
      this.idsName = requireInput("input_ids");
      this.idsType = info(idsName).type;
      if (!TensorIo.isIntType(idsType) || info(idsName).getShape().length != 2) {
        throw new ModelLoadException(modelFile, "input " + idsName + " is " + info(idsName) + ", expected int32/int64 [batch, sequence]");
      }
      this.lastName = requireOutput("last_hidden_state");
      long[] lastShape = info(lastName).getShape();
      if (lastShape.length != 3) {
        throw new ModelLoadException(modelFile, "output " + lastName + " has rank " + lastShape.length + ", expected 3");
      }
      this.hiddenSize = lastShape[2] > 0 ? Math.toIntExact(lastShape[2]) : configuredHiddenSize;
      if (hiddenSize <= 0) {
        throw new ModelLoadException(modelFile, "the hidden size is neither in the graph nor in config.json");
      }
      int last = -1;
      for (String name : outputs().keySet()) {
        Matcher m = HIDDEN_STATE.matcher(name);
        if (m.matches()) {
          last = Math.max(last, Integer.parseInt(m.group(1)));
        }
      }
      this.lastLayer = last;
      this.finalLayerNorm = last > 0 ? FinalLayerNorm.find(modelFile, lastName, "hidden_states." + last).orElse(null) : null;
      if (finalLayerNorm != null && finalLayerNorm.scale().length != hiddenSize) {
        throw new ModelLoadException(modelFile, "the final layer norm has " + finalLayerNorm.scale().length
            + " values, the hidden size is " + hiddenSize);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public int hiddenSize() {
    return hiddenSize;
  }

  @Override
  public boolean exposesHiddenStates() {
    return lastLayer > 0;
  }

  /** The type of {@code input_ids} the graph takes (INT32 or INT64). */
  public OnnxJavaType idsType() {
    return idsType;
  }

  /** The largest clip skip this encoder supports (1 when it exposes no hidden states). */
  public int maxClipSkip() {
    return lastLayer > 0 ? lastLayer + 1 : 1;
  }

  @Override
  public FloatTensor encode(int[][] ids, int clipSkip) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("no token rows to encode");
    }
    if (clipSkip < 1 || clipSkip > maxClipSkip()) {
      throw new IllegalArgumentException(clipSkip > 1 && lastLayer <= 0
          ? "clip skip " + clipSkip + " needs a text encoder that exposes its hidden states; " + path + " only has "
              + outputs().keySet()
          : "clip skip must be between 1 and " + maxClipSkip() + " for " + path + ", got " + clipSkip);
    }
    int seq = ids[0].length;
    long[] flat = new long[ids.length * seq];
    for (int r = 0; r < ids.length; r++) {
      if (ids[r].length != seq) {
        throw new IllegalArgumentException("token rows differ in length: " + seq + " and " + ids[r].length);
      }
      for (int i = 0; i < seq; i++) {
        flat[r * seq + i] = ids[r][i];
      }
    }
    String wanted = clipSkip == 1 ? lastName : "hidden_states." + (lastLayer + 1 - clipSkip);
    try (OnnxTensor input = TensorIo.integers(env, "te." + idsName, flat, new long[] {ids.length, seq}, idsType);
         OrtSession.Result result = session.run(java.util.Map.of(idsName, input), Set.of(wanted))) {
      var value = result.get(wanted).orElseThrow();
      FloatTensor states = new FloatTensor(TensorIo.readFloats(value, wanted), TensorIo.shape(value));
      return clipSkip > 1 && finalLayerNorm != null ? finalLayerNorm.apply(states) : states;
    } catch (OrtException e) {
      throw new IllegalStateException("text encoder " + path + " failed: " + e.getMessage(), e);
    }
  }

  /** Whether clip skip applies CLIP's final layer norm read from the graph. */
  public boolean appliesFinalLayerNorm() {
    return finalLayerNorm != null;
  }

  /** Names of all outputs, for diagnostics. */
  public Set<String> outputNames() {
    return new HashSet<>(outputs().keySet());
  }
}
