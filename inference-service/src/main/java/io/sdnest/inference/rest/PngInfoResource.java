package io.sdnest.inference.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.infotext.PngInfo;

/** A1111's {@code png-info}: reads the generation parameters embedded in an image. */
@Path("/sdapi/v1/png-info")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "images")
public class PngInfoResource {

  @POST
  @Operation(summary = "Reads the infotext of a PNG (text chunk) or JPEG (EXIF UserComment)")
  public PngInfoResponse pngInfo(PngInfoRequest request) {
    String image = MissingBodyException.require(request).image();
    if (image == null) {
      throw new MissingBodyException("image");
    }
    byte[] bytes = ImageCodec.base64Bytes("image", image);
    ImageCodec.decode("image", bytes); // as A1111, refuse what is not an image before reading its metadata
    return PngInfoResponse.of(PngInfo.of(bytes));
  }
}
