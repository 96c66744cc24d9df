package io.sdnest.inference.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.service.GenerationService;

/** A1111's generation routes. */
@Path("/sdapi/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "generation")
public class GenerationResource {

  private final GenerationService generation;

  public GenerationResource(GenerationService generation) {
    this.generation = generation;
  }

  @POST
  @Path("/txt2img")
  @Operation(summary = "Generates images from a prompt")
  public GenerationResponse txt2img(Txt2ImgRequest request) {
    return generation.txt2img(MissingBodyException.require(request));
  }

  @POST
  @Path("/img2img")
  @Operation(summary = "Generates images from init images (inpainting with a mask)")
  public GenerationResponse img2img(Img2ImgRequest request) {
    return generation.img2img(MissingBodyException.require(request));
  }
}
