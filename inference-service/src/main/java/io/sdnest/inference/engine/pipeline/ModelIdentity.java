package io.sdnest.inference.engine.pipeline;

/**
 * How a loaded model is named in infotexts and generation info.
 *
 * @param modelName A1111's {@code model_name} (file name without extension), the infotext's "Model"
 * @param shorthash the first 10 hex digits of the weights' sha256, the infotext's "Model hash"
 */
public record ModelIdentity(String modelName, String shorthash) {
}
