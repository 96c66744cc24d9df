package io.sdnest.inference.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.service.OptionsService;

/** A1111's settings routes. */
@Path("/sdapi/v1/options")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "options")
public class OptionsResource {

  private final OptionsService options;

  public OptionsResource(OptionsService options) {
    this.options = options;
  }

  @GET
  @Operation(summary = "Every option with its value, sd_model_checkpoint being the serving model's title")
  public Map<String, Object> get() {
    return options.all();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Sets options (switching the model when sd_model_checkpoint changes); answers null")
  public Response set(@RequestBody(content = @Content(examples = @ExampleObject(name = "switch model",
      value = "{\"sd_model_checkpoint\": \"sdnest-demo\", \"CLIP_stop_at_last_layers\": 2}")))
      Map<String, Object> changes) {
    options.update(MissingBodyException.require(changes));
    return Response.ok("null", MediaType.APPLICATION_JSON).build();
  }
}
