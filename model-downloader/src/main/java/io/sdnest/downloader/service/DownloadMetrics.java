package io.sdnest.downloader.service;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sdnest.downloader.model.FailureReason;

/** The downloader's Prometheus metrics, {@code sdnest_downloader_*}. */
@ApplicationScoped
public class DownloadMetrics {

  private final MeterRegistry registry;
  private final Counter bytes;
  private final Counter verificationFailures;

  public DownloadMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytes = Counter.builder("sdnest.downloader.received").baseUnit("bytes")
        .description("Bytes received from hubs and uploads").register(registry);
    this.verificationFailures = Counter.builder("sdnest.downloader.verification.failures")
        .description("Files whose size or sha256 did not match").register(registry);
  }

  void jobGauges(Supplier<Number> active, Supplier<Number> queued) {
    Gauge.builder("sdnest.downloader.jobs.active", active).description("Jobs resolving, downloading or verifying").register(registry);
    Gauge.builder("sdnest.downloader.jobs.queued", queued).description("Jobs waiting for a download slot").register(registry);
  }

  void received(long n) {
    bytes.increment(n);
  }

  void failed(FailureReason reason) {
    Counter.builder("sdnest.downloader.failures").tag("reason", reason.name().toLowerCase())
        .description("Failed jobs by reason").register(registry).increment();
    if (reason == FailureReason.SHA256_MISMATCH || reason == FailureReason.SIZE_MISMATCH) {
      verificationFailures.increment();
    }
  }

  void finished(String outcome, Duration took) {
    Timer.builder("sdnest.downloader.download.duration").tag("outcome", outcome)
        .description("Time from start to the end of a job").register(registry).record(took);
  }
}
