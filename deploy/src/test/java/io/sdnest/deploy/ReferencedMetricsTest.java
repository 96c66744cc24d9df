package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Alerts, dashboard and the KEDA ScaledObject use only metrics the services declare (expected-metrics.txt), and the
 * gateway's and downloader's entries of that list are meters their sources register.
 */
class ReferencedMetricsTest {

  private static final Pattern SDNEST_SERIES = Pattern.compile("\\bsdnest_[a-z0-9_]+");
  private static final Pattern METER_NAME = Pattern.compile("\"(sdnest\\.[a-z0-9.]+)\"");
  private static final Pattern UNIT_SUFFIX = Pattern.compile("(_bytes)?(_total|_seconds)?$");

  static final Path[] USERS = {
      Repo.deploy("prometheus/alerts.yml"),
      Repo.deploy("prometheus/grafana/sdnest-dashboard.json"),
      Repo.deploy("kubernetes/overlays/keda/scaled-object.yaml")};

  @Test
  void everyReferencedSeriesIsADeclaredMetric() {
    Set<String> families = ExpectedMetrics.all();
    Map<String, Set<String>> unknown = new TreeMap<>();
    Set<String> used = new TreeSet<>();
    for (Path file : USERS) {
      Matcher m = SDNEST_SERIES.matcher(Repo.read(file));
      while (m.find()) {
        String family = ExpectedMetrics.family(m.group(), families);
        if (families.contains(family)) {
          used.add(family);
        } else {
          unknown.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(file.getFileName().toString());
        }
      }
    }
    assertThat(unknown).as("sdnest_* series not in expected-metrics.txt (where used)").isEmpty();
    assertThat(used).as("the dashboard shows what the issue asks for")
        .contains("sdnest_inference_queue_length", "sdnest_inference_running_jobs", "sdnest_inference_unet_rows",
            "sdnest_inference_images_total", "sdnest_inference_step_seconds", "sdnest_gateway_requests_seconds",
            "sdnest_downloader_received_bytes_total");
  }

  @Test
  void gatewayAndDownloaderEntriesAreMetersTheirSourcesRegister() throws IOException {
    for (var service : Map.of("gateway", "gateway", "downloader", "model-downloader").entrySet()) {
      Set<String> meters = meterNames(Repo.root().resolve(service.getValue()).resolve("src/main/java"));
      assertThat(ExpectedMetrics.bySection().get(service.getKey())).as("%s section", service.getKey()).isNotEmpty()
          .allSatisfy(family -> assertThat(meters).as("%s: a meter named like %s", service.getKey(), family)
              .contains(UNIT_SUFFIX.matcher(family).replaceFirst("").replace('_', '.')));
    }
  }

  @Test
  void familyMapsSeriesOfHistogramsAndTimersToTheirName() {
    Set<String> families = Set.of("sdnest_gateway_requests_seconds", "sdnest_inference_images_total");
    assertThat(ExpectedMetrics.family("sdnest_gateway_requests_seconds_bucket", families)).isEqualTo("sdnest_gateway_requests_seconds");
    assertThat(ExpectedMetrics.family("sdnest_gateway_requests_seconds_count", families)).isEqualTo("sdnest_gateway_requests_seconds");
    assertThat(ExpectedMetrics.family("sdnest_inference_images_total", families)).isEqualTo("sdnest_inference_images_total");
    assertThat(ExpectedMetrics.family("sdnest_inference_images", families)).isEqualTo("sdnest_inference_images");
    assertThat(ExpectedMetrics.served("sdnest_x_seconds_count{a=\"b\"} 1.0\n", "sdnest_x_seconds")).isTrue();
    assertThat(ExpectedMetrics.served("# TYPE sdnest_x_seconds histogram\nsdnest_x_seconds_more 1\n", "sdnest_x_seconds")).isFalse();
  }

  private static Set<String> meterNames(Path sources) throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = METER_NAME.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
