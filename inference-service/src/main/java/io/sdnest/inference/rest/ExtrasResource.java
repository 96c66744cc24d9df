package io.sdnest.inference.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.service.ExtrasService;

/** A1111's extras routes: upscaling with None, Lanczos or Nearest. */
@Path("/sdapi/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "images")
public class ExtrasResource {

  private final ExtrasService extras;

  public ExtrasResource(ExtrasService extras) {
    this.extras = extras;
  }

  @POST
  @Path("/extra-single-image")
  @Operation(summary = "Upscales one image")
  public ExtrasResponses.Single single(ExtrasSingleImageRequest request) {
    MissingBodyException.require(request);
    ExtrasService.Processed out = extras.process(request, "image", request.image() == null ? "" : request.image());
    return new ExtrasResponses.Single(out.htmlInfo(), out.image());
  }

  @POST
  @Path("/extra-batch-images")
  @Operation(summary = "Upscales several images")
  public ExtrasResponses.Batch batch(ExtrasBatchImagesRequest request) {
    MissingBodyException.require(request);
    if (request.imageList() == null) {
      throw new MissingBodyException("imageList");
    }
    extras.upscale(request); // refuse bad settings before decoding any image
    List<String> images = new ArrayList<>();
    String html = "<p></p>";
    for (int i = 0; i < request.imageList().size(); i++) {
      ExtrasBatchImagesRequest.FileData f = request.imageList().get(i);
      ExtrasService.Processed out = extras.process(request, "imageList[" + i + "].data", f == null ? null : f.data());
      images.add(out.image());
      html = out.htmlInfo();
    }
    return new ExtrasResponses.Batch(html, images);
  }
}
