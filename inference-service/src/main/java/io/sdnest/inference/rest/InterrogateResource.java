package io.sdnest.inference.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.common.error.ApiException;

/** A1111's {@code interrogate}: sdnest ships no captioning model, so it answers A1111's 404 saying what is missing. */
@Path("/sdapi/v1/interrogate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "images")
public class InterrogateResource {

  @POST
  @Operation(summary = "Always 404: no CLIP or DeepDanbooru captioning model is available")
  public Map<String, String> interrogate(Map<String, Object> request) {
    Object model = request == null || request.get("model") == null ? "clip" : request.get("model");
    throw new ApiException(404, "HTTPException", "Model not found: sdnest has no '" + model
        + "' interrogation model (no captioning model is shipped)");
  }
}
