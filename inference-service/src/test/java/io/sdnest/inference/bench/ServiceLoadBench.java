package io.sdnest.inference.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator of the service benchmark (bench/service/run.sh), not a test: N closed-loop clients send txt2img
 * through the gateway, each as its own user, with staggered first arrivals, mixed prompts, seeds and samplers and
 * the same steps and size. Prints one Markdown row per concurrency level: images/s over the level's wall time
 * (first request sent → last answer), its ratio to the 1-client level of the same run (the service's batching gain),
 * p50/p95 request latency. JDK only, so it runs without the test classpath.
 *
 * <p>System properties: {@code bench.url} (gateway base URL), {@code bench.user-prefix} and {@code bench.password}
 * (users {@code <prefix>0..}), {@code bench.users}, {@code bench.levels} (e.g. 1,2,4,8,16), {@code bench.per-client}
 * (requests each client sends, at least; a level sends at least {@code bench.min-requests} in total),
 * {@code bench.steps}, {@code bench.size}, {@code bench.stagger-ms} (mean gap between client starts), {@code bench.label}.
 */
public final class ServiceLoadBench {

  private static final String[] SUBJECTS = {"a red car", "a blue house by the sea", "a green forest, morning light",
      "a yellow flower in a white vase", "an orange cat on a purple sofa", "a black dog in the snow",
      "a pink sunset over brown hills", "a cyan lake under a grey sky"};
  private static final String[] SAMPLERS = {"Euler", "DPM++ 2M"};

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String url = System.getProperty("bench.url", "http://127.0.0.1:8080");
  private final String userPrefix = System.getProperty("bench.user-prefix", "bench");
  private final String password = System.getProperty("bench.password", "");
  private final int users = Integer.getInteger("bench.users", 16);
  private final int perClient = Integer.getInteger("bench.per-client", 2);
  private final int minRequests = Integer.getInteger("bench.min-requests", 4);
  private final int steps = Integer.getInteger("bench.steps", 10);
  private final int size = Integer.getInteger("bench.size", 512);
  private final int staggerMs = Integer.getInteger("bench.stagger-ms", 300);
  private final String label = System.getProperty("bench.label", "service");
  private final AtomicInteger requestCounter = new AtomicInteger();
  private double oneClientImagesPerSecond = Double.NaN;

  public static void main(String[] args) throws Exception {
    ServiceLoadBench bench = new ServiceLoadBench();
    String levels = System.getProperty("bench.levels", "1,2,4,8,16");
    bench.warmUp();
    for (String level : levels.split(",")) {
      bench.runLevel(Integer.parseInt(level.trim()));
    }
  }

  private void warmUp() throws Exception {
    Sample s = send(0);
    if (s.status != 200) {
      throw new IllegalStateException("warm-up request failed with HTTP " + s.status + ": " + s.error);
    }
  }

  private void runLevel(int clients) throws Exception {
    int each = Math.max(perClient, (minRequests + clients - 1) / clients);
    Random stagger = new Random(clients);
    List<Long> startDelays = new ArrayList<>();
    long delay = 0;
    for (int c = 0; c < clients; c++) {
      startDelays.add(delay);
      delay += (long) (staggerMs * 2 * stagger.nextDouble());
    }
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        Thread.sleep(startDelays.get(client));
        for (int r = 0; r < each; r++) {
          samples.add(send(client));
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long wall = System.nanoTime() - start;
    pool.shutdown();
    List<Long> latencies = new ArrayList<>();
    int failed = 0;
    String firstError = null;
    for (Sample s : samples) {
      if (s.status == 200) {
        latencies.add(s.nanos);
      } else {
        failed++;
        firstError = firstError != null ? firstError : "HTTP " + s.status + " " + s.error;
      }
    }
    Collections.sort(latencies);
    double imagesPerSecond = latencies.size() / (wall / 1e9);
    if (clients == 1) {
      oneClientImagesPerSecond = imagesPerSecond;
    }
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %.2f× | %.2f | %.2f | %d |%s%n", label, clients, latencies.size(),
        imagesPerSecond, imagesPerSecond / oneClientImagesPerSecond, percentile(latencies, 50), percentile(latencies, 95), failed,
        firstError == null ? "" : " first failure: " + firstError.replace('|', '/').replace('\n', ' '));
  }

  private static double percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank))) / 1e9;
  }

  private Sample send(int client) {
    int n = requestCounter.getAndIncrement();
    String body = String.format(Locale.ROOT, "{\"prompt\":\"%s\",\"negative_prompt\":\"blurry\",\"steps\":%d,\"width\":%d,"
            + "\"height\":%d,\"seed\":%d,\"sampler_name\":\"%s\",\"cfg_scale\":7}",
        SUBJECTS[n % SUBJECTS.length], steps, size, size, 1000 + n, SAMPLERS[n % SAMPLERS.length]);
    String user = userPrefix + (client % users);
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/sdapi/v1/txt2img"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + auth)
        .timeout(Duration.ofMinutes(15))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    long t = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - t;
      boolean hasImage = response.body().contains("\"images\":[\"");
      int status = response.statusCode() == 200 && !hasImage ? -1 : response.statusCode();
      String error = status == 200 ? null : abbreviate(response.body());
      return new Sample(status, nanos, error);
    } catch (Exception e) {
      return new Sample(0, System.nanoTime() - t, e.toString());
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private record Sample(int status, long nanos, String error) {
  }
}
