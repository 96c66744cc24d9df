package io.sdnest.downloader.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;

/**
 * Civitai download links ({@code /api/download/models/<versionId>}): answered with a 307 to a presigned URL whose
 * answer names the file in Content-Disposition. The token goes to Civitai only, never to the presigned host.
 */
@ApplicationScoped
public class CivitaiClient implements HubClient {

  private final DownloaderConfig.Civitai config;

  public CivitaiClient(DownloaderConfig config) {
    this.config = config.civitai();
  }

  @Override
  public boolean recognises(URI url) {
    return HubClients.hostIs(url, "civitai.com", "civitai.green", "civitai.red");
  }

  @Override
  public void validate(URI url) {
    resolve(url, Optional.empty());
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) {
    UrlParts p = UrlParts.of(url);
    if (!("api".equals(p.segment(0)) && "download".equals(p.segment(1)) && "models".equals(p.segment(2))
        && p.segment(3) != null && p.segment(3).matches("[0-9]{1,12}") && p.segment(4) == null)) {
      throw ApiException.badRequest("Not a Civitai download link: copy the Download button's link "
          + "(https://civitai.com/api/download/models/<versionId>)");
    }
    String query = p.query().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("token"))
        .map(e -> UrlParts.encode(e.getKey()) + "=" + UrlParts.encode(e.getValue())).collect(Collectors.joining("&"));
    URI source = HubClients.onEndpoint(config.endpoint(), "/api/download/models/" + p.segment(3) + (query.isEmpty() ? "" : "?" + query));
    Map<String, String> auth = token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
    return Resolution.single("civitai", new RemoteFile(p.segment(3), Optional.empty(), source, OptionalLong.empty(), Optional.empty(), auth));
  }
}
