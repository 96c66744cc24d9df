package io.sdnest.inference.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.engine.model.ModelRegistry;

/** The checkpoints on the data volume, as A1111 lists them. */
@Path("/sdapi/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class SdModelsResource {

  private final ModelRegistry registry;

  public SdModelsResource(ModelRegistry registry) {
    this.registry = registry;
  }

  @GET
  @Path("/sd-models")
  @Operation(summary = "Lists the checkpoints (ONNX pipelines and single-file checkpoints)")
  public List<SdModel> sdModels() {
    return registry.models().stream().map(SdModel::of).toList();
  }

  @POST
  @Path("/refresh-checkpoints")
  @Operation(summary = "Rescans the checkpoint folder; answers null as A1111 does")
  public Response refreshCheckpoints() {
    registry.rescan();
    return Response.ok("null", MediaType.APPLICATION_JSON).build();
  }
}
