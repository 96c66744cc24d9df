package io.sdnest.downloader.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.sdnest.common.data.DataLayout;

/** Ready when the downloader can write where models land. */
@Readiness
@ApplicationScoped
public class DataVolumeWritableCheck implements HealthCheck {

  private final DataLayout data;

  public DataVolumeWritableCheck(DataLayout data) {
    this.data = data;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      Path probe = Files.createTempFile(data.models(), ".ready-", ".part");
      Files.delete(probe);
      return HealthCheckResponse.named("data-volume").up().withData("path", data.root().toString()).build();
    } catch (IOException | RuntimeException e) {
      return HealthCheckResponse.named("data-volume").down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
