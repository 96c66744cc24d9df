package io.sdnest.inference.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.service.LoraCatalog;
import io.sdnest.inference.service.ModelHolder;

/** A1111's refresh and checkpoint lifecycle routes, answering {@code null} or {@code {}} as A1111 does. */
@Path("/sdapi/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class LifecycleResource {

  private final ModelHolder models;
  private final LoraCatalog loras;

  public LifecycleResource(ModelHolder models, LoraCatalog loras) {
    this.models = models;
    this.loras = loras;
  }

  @POST
  @Path("/unload-checkpoint")
  @Operation(summary = "Frees the serving model's memory; the next generation loads it again. Answers {}")
  public Response unloadCheckpoint() {
    models.unload();
    return json("{}");
  }

  @POST
  @Path("/reload-checkpoint")
  @Operation(summary = "Loads the serving model again after an unload. Answers {}")
  public Response reloadCheckpoint() {
    models.ensureLoaded();
    return json("{}");
  }

  @POST
  @Path("/refresh-vae")
  @Operation(summary = "Nothing to rescan: sdnest uses each pipeline's own VAE. Answers null")
  public Response refreshVae() {
    return json("null");
  }

  @POST
  @Path("/refresh-loras")
  @Operation(summary = "Rescans models/Lora. Answers null")
  public Response refreshLoras() {
    loras.refresh();
    return json("null");
  }

  @POST
  @Path("/refresh-embeddings")
  @Operation(summary = "Nothing to rescan yet: sdnest does not load embeddings. Answers null")
  public Response refreshEmbeddings() {
    return json("null");
  }

  private static Response json(String body) {
    return Response.ok(body, MediaType.APPLICATION_JSON).build();
  }
}
