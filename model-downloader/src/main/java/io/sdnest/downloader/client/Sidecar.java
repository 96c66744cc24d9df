package io.sdnest.downloader.client;

/**
 * A small file the hub's metadata offers to keep beside the model, named {@code <model base name><suffix>}
 * (Civitai Helper's {@code .civitai.info}).
 */
public record Sidecar(String suffix, byte[] content) {
}
