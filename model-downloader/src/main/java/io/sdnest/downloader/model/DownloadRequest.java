package io.sdnest.downloader.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What to download and where it goes. */
@Schema(name = "DownloadRequest", description = "A model or preview image to fetch from a hub or an HTTPS URL")
public record DownloadRequest(
    @Schema(required = true, description = "URL as pasted: a ModelScope repo/file/resolve/API link (.cn or .ai), a liblib "
        + "model page, a Civitai download link, a Hugging Face resolve link or any HTTPS URL on the allow-list",
        example = "https://www.modelscope.cn/models/AI-ModelScope/stable-diffusion-v1-5/file/view/master/v1-5-pruned-emaonly.safetensors")
    String url,
    @Schema(required = true, description = "Model type; decides the folder", example = "CHECKPOINT") ModelType type,
    @Schema(description = "MODEL (default) or PREVIEW (saved as <name>.preview.<ext> beside the model)", example = "MODEL") Kind kind,
    @Schema(description = "Target base name (a preview: the model's base name); else from the hub or the URL", example = "sd15")
    String name,
    @Schema(description = "File type (extension) when the name has none", example = "safetensors") String fileType,
    @Schema(description = "Only for OTHER: a relative folder under models/", example = "Codeformer") String directory,
    @Schema(description = "Expected SHA-256 (hex); verified", example = "6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa")
    String sha256,
    @Schema(description = "Hub token for this job only; never stored or logged", example = "") String token) {
}
