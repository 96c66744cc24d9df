package io.sdnest.downloader.rest;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "sdnest Downloader", version = "0.1.0", description = "Fetches models and preview images from ModelScope, liblib and HTTPS URLs into the shared data volume."))
public class DownloaderApi extends Application {
}
