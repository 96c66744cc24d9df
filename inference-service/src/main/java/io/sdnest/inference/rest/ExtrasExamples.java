package io.sdnest.inference.rest;

/** OpenAPI examples of the extras routes. */
final class ExtrasExamples {

  static final String SINGLE_REQUEST = "{\"image\": \"iVBORw0KGgoAAAANSUhEUg...\", \"resize_mode\": 0, "
      + "\"upscaling_resize\": 2, \"upscaler_1\": \"Lanczos\"}";
  static final String BATCH_REQUEST = "{\"imageList\": [{\"data\": \"data:image/png;base64,iVBORw0KGgo...\", "
      + "\"name\": \"cat.png\"}], \"resize_mode\": 1, \"upscaling_resize_w\": 1024, \"upscaling_resize_h\": 768, "
      + "\"upscaler_1\": \"Nearest\"}";
  static final String SINGLE_RESPONSE = "{\"html_info\": \"<p>Postprocess upscale by: 2, Postprocess upscaler: "
      + "Lanczos</p>\", \"image\": \"iVBORw0KGgoAAAANSUhEUg...\"}";
  static final String BATCH_RESPONSE = "{\"html_info\": \"<p>Postprocess upscale to: 1024x768, Postprocess crop to: "
      + "1024x768, Postprocess upscaler: Nearest</p>\", \"images\": [\"iVBORw0KGgoAAAANSUhEUg...\"]}";

  private ExtrasExamples() {
  }
}
