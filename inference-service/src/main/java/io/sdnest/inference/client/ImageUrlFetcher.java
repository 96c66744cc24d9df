package io.sdnest.inference.client;

import io.sdnest.common.net.AddressPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

import io.quarkus.logging.Log;
import io.sdnest.common.error.ApiException;
import io.sdnest.inference.config.InferenceConfig;

/**
 * Fetches an image named by an http(s) URL, as A1111 does for image inputs, but only when enabled and never from a
 * non-public address: the client's DNS resolver checks every address a host resolves to, and the connection goes only
 * to those checked addresses (so a second, different DNS answer cannot redirect it). Redirects are not followed.
 */
@ApplicationScoped
public class ImageUrlFetcher {

  private final InferenceConfig.ImageUrls config;
  private final CloseableHttpClient client;

  @Inject
  public ImageUrlFetcher(InferenceConfig config) {
    this(config.imageUrls());
  }

  ImageUrlFetcher(InferenceConfig.ImageUrls config) {
    this.config = config;
    Timeout timeout = Timeout.of(this.config.timeout());
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new CheckingResolver(this.config.allowPrivateAddresses()))
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                .build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("sdnest")
        .build();
  }

  /** Whether {@code value} is a URL this fetcher handles (rather than base64). */
  public static boolean isUrl(String value) {
    String v = value.strip();
    return v.startsWith("http://") || v.startsWith("https://");
  }

  /** The bytes at {@code url}; every refusal or failure is a 400 in A1111's words, naming {@code field}. */
  public byte[] fetch(String field, String url) {
    if (!config.enabled()) {
      throw ApiException.badRequest("Requests not allowed: " + field + " is a URL, and image URLs are disabled on "
          + "this server (sdnest.inference.image-urls.enabled=false); send the image as base64");
    }
    URI uri = parse(field, url.strip());
    if (!"https".equals(uri.getScheme()) && !config.allowHttp()) {
      throw ApiException.badRequest("Invalid image url: " + field + " must be an https URL");
    }
    try {
      return client.execute(new HttpGet(uri), response -> {
        if (response.getCode() != 200) {
          throw ApiException.badRequest("Invalid image url: " + field + " answered HTTP " + response.getCode());
        }
        return readLimited(field, response.getEntity());
      });
    } catch (BlockedAddressException e) {
      throw ApiException.badRequest("Request to local resource not allowed: " + field + " " + e.getMessage());
    } catch (IOException e) {
      Log.debugf("Fetching %s failed: %s", uri, e);
      throw ApiException.badRequest("Invalid image url: " + field + " could not be fetched (" + e.getMessage() + ")");
    }
  }

  private static URI parse(String field, String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getUserInfo() != null) {
        throw ApiException.badRequest("Invalid image url: " + field + " has no host or carries credentials");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw ApiException.badRequest("Invalid image url: " + field + " is not a valid URL");
    }
  }

  private byte[] readLimited(String field, HttpEntity entity) throws IOException {
    long max = config.maxBytes();
    if (entity == null) {
      throw ApiException.badRequest("Invalid image url: " + field + " returned no content");
    }
    if (entity.getContentLength() > max) {
      throw tooLarge(field, max);
    }
    try (InputStream in = entity.getContent()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (out.size() + n > max) {
          throw tooLarge(field, max);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static ApiException tooLarge(String field, long max) {
    return ApiException.badRequest("Invalid image url: " + field + " is larger than " + max + " bytes "
        + "(sdnest.inference.image-urls.max-bytes)");
  }

  @PreDestroy
  void close() throws IOException {
    client.close();
  }

  /** Resolves as the system does, then refuses the host unless every address is public. */
  private record CheckingResolver(boolean allowPrivate) implements DnsResolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
      if (!allowPrivate) {
        for (InetAddress a : all) {
          String why = AddressPolicy.refusal(a);
          if (why != null) {
            throw new BlockedAddressException(host + " resolves to a " + why + " address");
          }
        }
      }
      return all;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
  }

  /** An UnknownHostException, so that the client gives up on the host without trying to connect. */
  private static final class BlockedAddressException extends UnknownHostException {

    BlockedAddressException(String message) {
      super(message);
    }
  }
}
