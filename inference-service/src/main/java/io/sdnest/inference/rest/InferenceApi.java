package io.sdnest.inference.rest;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "sdnest Inference", version = "0.1.0", description = "AUTOMATIC1111-compatible Stable Diffusion API on ONNX Runtime."))
public class InferenceApi extends Application {
}
