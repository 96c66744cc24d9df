package io.sdnest.inference.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.inference.engine.image.Bitmap;
import io.sdnest.inference.engine.image.ImageCodec;
import io.sdnest.inference.engine.image.ImageGrid;
import io.sdnest.inference.engine.image.OutputFormat;
import io.sdnest.inference.engine.infotext.GenerationInfo;
import io.sdnest.inference.engine.pipeline.GeneratedImage;
import io.sdnest.inference.engine.pipeline.GenerationRequest;
import io.sdnest.inference.engine.pipeline.GenerationResult;
import io.sdnest.inference.rest.GenerationResponse;

/**
 * Turns a finished generation into A1111's response: {@code save_images} writes the images and (with more than one)
 * the grid, which is then also returned first, as A1111's API does when it does not suppress the grid
 * ({@code do_not_save_grid = not save_images}); {@code send_images=false} returns none.
 */
@ApplicationScoped
public class GenerationOutputs {

  private final OptionsService options;
  private final ImageSaver saver;

  public GenerationOutputs(OptionsService options, ImageSaver saver) {
    this.options = options;
    this.saver = saver;
  }

  public GenerationResponse response(String job, GenerationParameters p, GenerationRequest request,
      GenerationResult result, Map<String, Object> echo) {
    List<GeneratedImage> generated = result.images();
    List<String> images = new ArrayList<>();
    GenerationInfo info = result.info();
    String gridInfotext = null;
    if (Boolean.TRUE.equals(p.save_images())) {
      saver.save(job, generated, request.output().format());
      if (wantsGrid(generated.size())) {
        Bitmap grid = grid(generated, request.size().batchSize());
        // A1111 gives the grid the first image's infotext
        String text = generated.get(0).infotext();
        if (isTrue("grid_save")) {
          OutputFormat gridFormat = OutputFormat.of(String.valueOf(options.get("grid_format")));
          saver.saveGrid(job, ImageCodec.encode(grid, gridFormat, text, request.output().jpegQuality()), gridFormat);
        }
        if (isTrue("return_grid")) {
          gridInfotext = text;
          images.add(ImageCodec.toBase64(ImageCodec.encode(grid, request.output().format(), text,
              request.output().jpegQuality())));
        }
      }
    }
    generated.forEach(i -> images.add(ImageCodec.toBase64(i.encoded())));
    info = withStylesAndGrid(info, p.styles(), gridInfotext);
    return new GenerationResponse(Boolean.FALSE.equals(p.send_images()) ? List.of() : images, echo, info.toJson());
  }

  private boolean wantsGrid(int count) {
    boolean enough = count >= 2 || count == 1 && !isTrue("grid_only_if_multiple");
    return enough && (isTrue("grid_save") || isTrue("return_grid"));
  }

  private Bitmap grid(List<GeneratedImage> generated, int batchSize) {
    int rows = ImageGrid.rows(generated.size(), batchSize, ((Number) options.get("n_rows")).intValue(),
        isTrue("grid_prevent_empty_spots"));
    return ImageGrid.of(generated.stream().map(GeneratedImage::bitmap).toList(), rows);
  }

  private boolean isTrue(String option) {
    return Boolean.TRUE.equals(options.get(option));
  }

  /** The info with the request's style names and, when a grid leads the images, its infotext first. */
  static GenerationInfo withStylesAndGrid(GenerationInfo i, List<String> styles, String gridInfotext) {
    List<String> infotexts = i.infotexts();
    if (gridInfotext != null) {
      infotexts = new ArrayList<>(infotexts);
      infotexts.add(0, gridInfotext);
    }
    return new GenerationInfo(i.prompt(), i.allPrompts(), i.negativePrompt(), i.allNegativePrompts(), i.seed(),
        i.allSeeds(), i.subseed(), i.allSubseeds(), i.subseedStrength(), i.width(), i.height(), i.samplerName(),
        i.cfgScale(), i.steps(), i.batchSize(), i.restoreFaces(), i.faceRestorationModel(), i.sdModelName(),
        i.sdModelHash(), i.sdVaeName(), i.sdVaeHash(), i.seedResizeFromW(), i.seedResizeFromH(),
        i.denoisingStrength(), i.extraGenerationParams(), gridInfotext != null ? 1 : i.indexOfFirstImage(), infotexts,
        styles != null ? List.copyOf(styles) : i.styles(), i.jobTimestamp(), i.clipSkip(),
        i.isUsingInpaintingConditioning(), i.version());
  }
}
