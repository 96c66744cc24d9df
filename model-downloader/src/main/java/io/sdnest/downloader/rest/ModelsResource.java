package io.sdnest.downloader.rest;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.common.error.A1111Error;
import io.sdnest.downloader.model.ModelEntry;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.service.ModelCatalog;

@Path("/downloader/v1/models")
@Tag(name = "Models", description = "What is on the data volume")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  private final ModelCatalog catalog;

  public ModelsResource(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  @GET
  @Operation(summary = "List models", description = "Name, path, size, sha256 shorthash when known, preview present, "
      + "unsafe_pickle, and the safetensors header's metadata")
  @APIResponse(responseCode = "400", description = "Unknown type", content = @Content(schema = @Schema(implementation = A1111Error.class)))
  public List<ModelEntry> list(@Parameter(description = "the model type (any case)",
      schema = @Schema(implementation = ModelType.class)) @QueryParam("type") String type) {
    return catalog.list(EnumParams.optional(ModelType.class, type, "type"));
  }

  @DELETE
  @Path("{type}/{name: .+}")
  @Operation(summary = "Remove a model (file or pipeline folder) and its sidecars",
      description = "name is the model's path under the type's folder (sub/name.safetensors for a model in a subfolder); "
          + "the sidecars are the previews the listing counts (<base>.preview.<ext>, <base>.<ext>) and .json, "
          + ".civitai.info, .liblibai.info, .description.txt")
  public Response delete(@Parameter(schema = @Schema(implementation = ModelType.class)) @PathParam("type") String type,
      @PathParam("name") String name, @QueryParam("directory") String directory) {
    catalog.delete(EnumParams.parse(ModelType.class, type, "type"), name, Optional.ofNullable(directory));
    return Response.noContent().build();
  }
}
