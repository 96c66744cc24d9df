package io.sdnest.inference.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.service.ProgressTracker;

/** A1111's progress and control routes; they answer at once, also while a generation runs. */
@Path("/sdapi/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "progress")
public class ProgressResource {

  private final ProgressTracker tracker;

  public ProgressResource(ProgressTracker tracker) {
    this.tracker = tracker;
  }

  @GET
  @Path("/progress")
  @Operation(summary = "Progress of the running generation, with a live preview every 10 steps")
  public ProgressResponse progress(@QueryParam("skip_current_image") @DefaultValue("false") boolean skipCurrentImage) {
    return tracker.progress(skipCurrentImage);
  }

  @POST
  @Path("/interrupt")
  @Operation(summary = "Stops the running generation; it returns the images made so far. Answers {}")
  public Response interrupt() {
    tracker.interrupt();
    return Response.ok("{}", MediaType.APPLICATION_JSON).build();
  }

  @POST
  @Path("/skip")
  @Operation(summary = "Ends the current batch of the running generation. Answers null")
  public Response skip() {
    tracker.skip();
    return Response.ok("null", MediaType.APPLICATION_JSON).build();
  }
}
