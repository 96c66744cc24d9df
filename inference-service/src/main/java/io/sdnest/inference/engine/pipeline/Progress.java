package io.sdnest.inference.engine.pipeline;

import io.sdnest.inference.engine.image.Bitmap;

/**
 * Where a request is.
 *
 * @param pass    "txt2img", "img2img" or "hires"
 * @param batch   0-based index of the batch (n_iter) in progress, of {@code batches}
 * @param step    steps done in this pass, of {@code steps}
 * @param preview the first image of the batch at latent resolution (linear latent→RGB), or null
 */
public record Progress(String pass, int batch, int batches, int step, int steps, Bitmap preview) {
}
