package io.sdnest.gateway.rest;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "sdnest Gateway", version = "0.1.0", description = "The public entry point: HTTP Basic auth, routing to the inference replicas and the model downloader."))
public class GatewayApi extends Application {
}
