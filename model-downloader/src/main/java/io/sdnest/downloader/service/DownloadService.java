package io.sdnest.downloader.service;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.client.ContentDisposition;
import io.sdnest.downloader.client.DirectClient;
import io.sdnest.downloader.client.HubClient;
import io.sdnest.downloader.client.HubClients;
import io.sdnest.downloader.client.HubStatusException;
import io.sdnest.downloader.client.RemoteFile;
import io.sdnest.downloader.client.Resolution;
import io.sdnest.downloader.client.UrlParts;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.model.DownloadFailure;
import io.sdnest.downloader.model.DownloadRequest;
import io.sdnest.downloader.model.DownloadView;
import io.sdnest.downloader.model.FailureReason;
import io.sdnest.downloader.model.JobState;
import io.sdnest.downloader.model.Kind;
import io.sdnest.downloader.model.ModelType;
import io.sdnest.downloader.security.BlockedAddressException;
import io.sdnest.downloader.security.FileNames;
import io.sdnest.downloader.security.TargetPaths;
import io.sdnest.downloader.security.UrlGuard;
import io.sdnest.downloader.service.FileTransfer.CancelledException;

/**
 * Download jobs: accepted, queued under a global and a per-host limit, resolved through the hub, transferred into
 * {@code .part} files, verified and published; persisted so that a restart resumes them.
 */
@ApplicationScoped
public class DownloadService {

  private final DownloaderConfig config;
  private final UrlGuard guard;
  private final HubClients hubs;
  private final FileTransfer transfer;
  private final Publisher publisher;
  private final TargetPaths paths;
  private final TargetClaims claims;
  private final JobStore store;
  private final DownloadMetrics metrics;
  private final Backoff backoff;
  private final Map<String, DownloadJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, DownloadJob> activeByRequest = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.Semaphore> perHost = new ConcurrentHashMap<>();
  private final ExecutorService workers;
  private volatile boolean shuttingDown;

  public DownloadService(DownloaderConfig config, UrlGuard guard, HubClients hubs, FileTransfer transfer, Publisher publisher,
      TargetPaths paths, TargetClaims claims, JobStore store, DownloadMetrics metrics) {
    this.config = config;
    this.guard = guard;
    this.hubs = hubs;
    this.transfer = transfer;
    this.publisher = publisher;
    this.paths = paths;
    this.claims = claims;
    this.store = store;
    this.metrics = metrics;
    this.backoff = Backoff.of(config.retry());
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(config.limits().maxConcurrentDownloads(), r -> {
      Thread t = new Thread(r, "sdnest-download-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    metrics.jobGauges(() -> count(s -> s == JobState.RESOLVING || s == JobState.DOWNLOADING || s == JobState.VERIFYING),
        () -> count(s -> s == JobState.QUEUED));
  }

  void onStart(@Observes StartupEvent event) {
    Instant forgetBefore = Instant.now().minus(config.keepFinishedJobs());
    for (DownloadJob job : store.loadAll()) {
      if (job.state.finished()) {
        if (job.finishedAt != null && job.finishedAt.isBefore(forgetBefore)) {
          store.delete(job.id);
        } else {
          jobs.put(job.id, job);
        }
        continue;
      }
      Log.infof("Download %s: resuming after a restart (%s, %d bytes on disk)", job.id, job.state, job.bytesDone.get());
      job.state = JobState.QUEUED;
      jobs.put(job.id, job);
      activeByRequest.putIfAbsent(requestKey(job), job);
      store.save(job);
      workers.submit(() -> run(job));
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    shuttingDown = true;
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    jobs.values().stream().filter(j -> !j.state.finished()).forEach(store::save);
  }

  /** Accepts a download, or returns the running job that fetches the same URL into the same place. */
  public DownloadJob submit(DownloadRequest request) {
    if (request == null || request.url() == null || request.url().isBlank()) {
      throw ApiException.badRequest("url is required");
    }
    if (request.type() == null) {
      throw ApiException.badRequest("type is required: CHECKPOINT, LORA, VAE, EMBEDDING, HYPERNETWORK, CONTROLNET, ESRGAN or OTHER");
    }
    Kind kind = request.kind() == null ? Kind.MODEL : request.kind();
    URI url;
    try {
      url = new URI(request.url().trim());
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("Not a valid URL: " + e.getReason());
    }
    HubClient hub = hubs.hubFor(url);
    guard.check(url, hub.hosts());
    if (hub instanceof DirectClient) {
      // A hub URL only names the model (its API endpoint is configuration); a direct URL is fetched as it is.
      guard.checkReachable(url, hub.hosts());
    }
    paths.typeRoot(request.type(), Optional.ofNullable(request.directory()));
    TargetNames.validateRequest(request.type(), kind, blankToNull(request.name()), request.fileType(), config.allowPickle());
    String sha = blankToNull(request.sha256());
    if (sha != null && !sha.matches("[0-9a-fA-F]{64}")) {
      throw ApiException.badRequest("sha256 must be 64 hex characters");
    }
    // A hub link may carry the user's hub token (Civitai's ?token=): it becomes the job's token, which the hub client
    // sends to the hub only, and leaves the stored URL. A direct URL is fetched as pasted: a token parameter there is
    // the CDN's signature, part of the URL.
    boolean direct = hub instanceof DirectClient;
    Optional<String> token = Optional.ofNullable(blankToNull(request.token()))
        .or(() -> direct ? Optional.empty() : Optional.ofNullable(blankToNull(UrlParts.of(url).query().get("token"))));
    hub.validate(url);

    DownloadJob job = new DownloadJob();
    job.id = HexFormat.of().formatHex(randomBytes());
    job.url = (direct ? url : withoutToken(url)).toString();
    job.type = request.type();
    job.kind = kind;
    job.name = blankToNull(request.name());
    job.fileType = blankToNull(request.fileType());
    job.directory = blankToNull(request.directory());
    job.expectedSha256 = sha == null ? null : sha.toLowerCase(Locale.ROOT);
    job.token = token;
    job.tokenGiven = token.isPresent();
    job.createdAt = Instant.now();
    job.updatedAt = job.createdAt;
    synchronized (activeByRequest) {
      DownloadJob running = activeByRequest.get(requestKey(job));
      if (running != null && !running.state.finished()) {
        Log.infof("Download %s: joins the running job for the same URL and target", running.id);
        return running;
      }
      activeByRequest.put(requestKey(job), job);
      jobs.put(job.id, job);
    }
    store.save(job);
    Log.infof("Download %s: queued %s %s from %s", job.id, job.type, job.kind, job.url);
    workers.submit(() -> run(job));
    return job;
  }

  public List<DownloadView> list(Optional<JobState> state) {
    return jobs.values().stream().filter(j -> state.isEmpty() || j.state == state.get())
        .sorted(Comparator.comparing((DownloadJob j) -> j.createdAt).reversed()).map(DownloadService::view).toList();
  }

  public DownloadJob get(String id) {
    DownloadJob job = jobs.get(id);
    if (job == null) {
      throw ApiException.notFound("No download " + id);
    }
    return job;
  }

  /** Cancels a queued or running job and removes its partial data; a finished job is left as it is. */
  public DownloadJob cancel(String id) {
    DownloadJob job = get(id);
    if (job.state.finished()) {
      return job;
    }
    job.cancelRequested = true;
    var request = job.currentRequest;
    if (request != null) {
      request.abort();
    }
    if (job.state == JobState.QUEUED) {
      finish(job, JobState.CANCELLED);
    }
    return job;
  }

  /** Whether the job exists and may still write (its .part files are not stale). */
  public boolean isLive(String id) {
    DownloadJob job = jobs.get(id);
    return job != null && !job.state.finished();
  }

  public static DownloadView view(DownloadJob j) {
    return new DownloadView(j.id, j.url, j.type, j.kind, j.state, j.hub, j.hubType, j.target, j.bytesDone.get(), j.bytesTotal,
        (long) j.speed, j.etaSeconds(), j.sha256, j.reason, j.error, List.copyOf(j.skipped), j.createdAt, j.updatedAt);
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    long now = System.nanoTime();
    for (DownloadJob job : jobs.values()) {
      if (job.state == JobState.DOWNLOADING) {
        job.sampleSpeed(now);
        job.updatedAt = Instant.now();
        store.save(job);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- running a job

  void run(DownloadJob job) {
    if (job.cancelRequested || job.state.finished()) {
      return;
    }
    long started = System.nanoTime();
    try {
      setState(job, JobState.RESOLVING);
      Resolution resolution = resolve(job);
      job.hub = resolution.hub();
      noteHubType(job, resolution);
      if (resolution.folder()) {
        if (job.kind == Kind.PREVIEW) {
          throw new DownloadFailure(FailureReason.HUB_ERROR, "A preview must be a single image, not a repository");
        }
        runFolder(job, resolution);
      } else {
        runFile(job, resolution);
      }
      finish(job, JobState.DONE);
      Log.infof("Download %s: done, %s (%d bytes)", job.id, job.target, job.bytesDone.get());
    } catch (CancelledException e) {
      finish(job, JobState.CANCELLED);
      Log.infof("Download %s: cancelled", job.id);
    } catch (DownloadFailure e) {
      failed(job, e.reason(), e.getMessage());
    } catch (ApiException e) {
      failed(job, FailureReason.BLOCKED, e.getMessage());
    } catch (BlockedAddressException e) {
      failed(job, FailureReason.BLOCKED, e.getMessage());
    } catch (HubStatusException e) {
      failed(job, reasonOf(e.status()), e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (shuttingDown) {
        store.save(job);
        return;
      }
      if (job.cancelRequested) {
        finish(job, JobState.CANCELLED);
        return;
      }
      Log.warnf(e, "Download %s failed", job.id);
      failed(job, e instanceof IOException ? FailureReason.IO : FailureReason.HUB_ERROR, String.valueOf(e.getMessage()));
    } finally {
      if (job.state.finished()) {
        metrics.finished(job.state.name().toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - started));
        releaseClaims(job);
      }
    }
  }

  /** What the job fetches: the URL's resolution, or — a preview asked of a model page — the hub's cover image. */
  private Resolution resolve(DownloadJob job) throws IOException {
    Resolution resolution = resolveUrl(job);
    if (job.kind != Kind.PREVIEW || !resolution.modelPage()) {
      return resolution;
    }
    RemoteFile cover = resolution.preview().orElseThrow(() -> new DownloadFailure(FailureReason.NOT_FOUND, resolution.hub()
        + " offers no preview image for this model; pass the image's own URL (or upload it) with kind PREVIEW"));
    return new Resolution(resolution.hub(), Optional.empty(), false, false, List.of(cover), Optional.empty(),
        resolution.typeHint(), List.of(), List.of());
  }

  private Resolution resolveUrl(DownloadJob job) throws IOException {
    for (int attempt = 1; ; attempt++) {
      FileTransfer.checkCancelled(job);
      try {
        return hubs.resolve(URI.create(job.url), job.token);
      } catch (HubStatusException e) {
        int s = e.status();
        if (!(s == 408 || s == 429 || s >= 500) || attempt >= config.retry().maxAttempts()) {
          throw e;
        }
        sleep(backoff.delay(attempt, e.retryAfter()));
      } catch (BlockedAddressException e) {
        throw e;
      } catch (IOException e) {
        if (shuttingDown || attempt >= config.retry().maxAttempts()) {
          throw e;
        }
        sleep(backoff.delay(attempt, null));
      }
    }
  }

  /** The hub's type is advice: users legitimately keep a model in another type's folder, so a mismatch only warns. */
  private static void noteHubType(DownloadJob job, Resolution resolution) {
    job.hubType = resolution.typeHint().orElse(null);
    if (job.hubType != null && job.hubType != job.type) {
      Log.warnf("Download %s: %s says this model is a %s, but it is downloaded as %s (into %s)", job.id, resolution.hub(),
          job.hubType, job.type, job.type.folder());
    }
  }

  private RemoteFile resolveAgain(DownloadJob job, String path) throws IOException {
    Resolution again = resolve(job);
    return again.files().stream().filter(f -> f.path().equals(path)).findFirst()
        .orElseThrow(() -> new DownloadFailure(FailureReason.NOT_FOUND, "The hub no longer lists " + path));
  }

  private void runFile(DownloadJob job, Resolution resolution) throws IOException {
    RemoteFile file = resolution.files().get(0);
    Path typeRoot = paths.createFolder(paths.dataRoot(), paths.typeRoot(job.type, Optional.ofNullable(job.directory)));
    DownloadJob.FileEntry entry = job.file(file.path());
    if (entry.size == null && file.size().isPresent()) {
      entry.size = file.size().getAsLong();
    }
    if (entry.sha256 == null) {
      entry.sha256 = file.sha256().orElse(null);
    }
    job.bytesTotal = entry.size;
    long max = maxSize(job.type, job.kind);
    if (entry.size != null && entry.size > max) {
      throw new DownloadFailure(FailureReason.TOO_LARGE, "The file is " + entry.size + " bytes, more than the " + max
          + " allowed for " + job.type);
    }
    Path knownPart = null;
    if (job.target == null && TargetNames.knownBeforeAnswer(job.kind, job.name, job.fileType, file.name())) {
      decideTarget(job, typeRoot, file.name(), null);
    }
    if (job.target != null) {
      Path target = paths.dataRoot().resolve(job.target);
      knownPart = partOf(target, job);
      if (alreadyPublished(job, entry, target, knownPart)) {
        return;
      }
      job.bytesDone.set(Files.exists(knownPart) ? Files.size(knownPart) : 0);
    }
    java.util.concurrent.Semaphore hostSlot = hostSlot(file.source());
    FileTransfer.Result result;
    acquire(job, hostSlot);
    try {
      result = transfer.fetch(job, entry, file, knownPart, (answer, f) -> {
        Optional<String> remoteName = f.name()
            .or(() -> ContentDisposition.fileName(answer.header("Content-Disposition")))
            .or(() -> Optional.of(UrlParts.of(answer.finalUrl()).rest(0)).filter(s -> !s.isEmpty()));
        Path target = decideTarget(job, typeRoot, remoteName, answer.header("Content-Type"));
        return partOf(target, job);
      }, () -> resolveAgain(job, file.path()), max);
    } finally {
      hostSlot.release();
    }
    setState(job, JobState.VERIFYING);
    verify(job, entry, result);
    Path target = paths.dataRoot().resolve(job.target);
    publisher.publishFile(result.part(), target, job.type, job.kind, result.sha256());
    job.sha256 = result.sha256();
    entry.done = true;
    if (job.kind == Kind.MODEL) {
      publisher.writeSidecars(target, resolution.sidecars());
    }
    if (job.kind == Kind.MODEL && resolution.preview().isPresent()) {
      fetchCover(job, typeRoot, target, resolution.preview().get());
    }
  }

  private void runFolder(DownloadJob job, Resolution resolution) throws IOException {
    Path typeRoot = paths.createFolder(paths.dataRoot(), paths.typeRoot(job.type, Optional.ofNullable(job.directory)));
    String name = job.name != null ? job.name : resolution.suggestedName().flatMap(FileNames::sanitise)
        .orElseThrow(() -> new DownloadFailure(FailureReason.HUB_ERROR, "The repository has no name; pass name"));
    Path target = paths.inside(typeRoot, typeRoot.resolve(name));
    claim(job, target);
    job.target = paths.relative(target);
    job.folder = true;
    if (Files.exists(target)) {
      throw new DownloadFailure(FailureReason.TARGET_EXISTS, job.target + " already exists; delete it first");
    }
    Path staging = paths.inside(typeRoot, typeRoot.resolve("." + name + "." + job.id + ".part"));
    Map<RemoteFile, Path> wanted = new LinkedHashMap<>();
    synchronized (job) {
      job.skipped.clear();
      job.skipped.addAll(resolution.skipped());
    }
    long total = 0;
    boolean totalKnown = true;
    for (RemoteFile f : resolution.files().stream().sorted(Comparator.comparing(RemoteFile::path)).toList()) {
      Optional<Path> relative = safeRelative(f.path());
      String ext = FileNames.extension(f.path());
      boolean allowed = ModelType.FOLDER_EXTENSIONS.contains(ext) || (config.allowPickle() && ModelType.PICKLE_EXTENSIONS.contains(ext));
      if (relative.isEmpty() || !allowed) {
        synchronized (job) {
          job.skipped.add(f.path());
        }
        continue;
      }
      wanted.put(f, paths.inside(staging, staging.resolve(relative.get().toString())));
      if (f.size().isPresent()) {
        total += f.size().getAsLong();
      } else {
        totalKnown = false;
      }
    }
    if (wanted.isEmpty()) {
      throw new DownloadFailure(FailureReason.NOT_FOUND, "The repository has no files that can be downloaded");
    }
    long max = maxSize(job.type, Kind.MODEL);
    if (total > max) {
      throw new DownloadFailure(FailureReason.TOO_LARGE, "The repository is " + total + " bytes, more than the " + max
          + " allowed for " + job.type);
    }
    job.bytesTotal = totalKnown ? total : null;
    paths.createFolder(typeRoot, staging);
    long onDisk = 0;
    for (Path dest : wanted.values()) {
      Path part = dest.resolveSibling(dest.getFileName() + ".part");
      onDisk += Files.exists(dest) ? Files.size(dest) : Files.exists(part) ? Files.size(part) : 0;
    }
    job.bytesDone.set(onDisk);
    FreeSpace.require(typeRoot, Math.max(0, total - onDisk), config.limits().freeSpaceMargin().asLongValue());
    setState(job, JobState.DOWNLOADING);
    for (Map.Entry<RemoteFile, Path> e : wanted.entrySet()) {
      RemoteFile f = e.getKey();
      Path dest = e.getValue();
      DownloadJob.FileEntry entry = job.file(f.path());
      if (entry.size == null && f.size().isPresent()) {
        entry.size = f.size().getAsLong();
      }
      if (entry.sha256 == null) {
        entry.sha256 = f.sha256().orElse(null);
      }
      Path part = dest.resolveSibling(dest.getFileName() + ".part");
      if (entry.done && (Files.exists(part) || Files.exists(dest))) {
        continue;
      }
      paths.createFolder(staging, dest.getParent());
      java.util.concurrent.Semaphore hostSlot = hostSlot(f.source());
      FileTransfer.Result result;
      acquire(job, hostSlot);
      try {
        result = transfer.fetch(job, entry, f, part, (answer, rf) -> part, () -> resolveAgain(job, f.path()), max);
      } finally {
        hostSlot.release();
      }
      verify(job, entry, result);
      entry.done = true;
      store.save(job);
    }
    setState(job, JobState.VERIFYING);
    // Every file keeps its .part name until the whole repository is verified: no complete-looking file of an
    // unfinished repository exists under models/, while a restart still finds each verified .part and skips it.
    for (Path dest : wanted.values()) {
      Path part = dest.resolveSibling(dest.getFileName() + ".part");
      if (Files.exists(part)) {
        Publisher.move(part, dest);
      }
    }
    publisher.publishFolder(staging, target, job.type);
  }

  private void fetchCover(DownloadJob job, Path typeRoot, Path model, RemoteFile cover) {
    String base = FileNames.baseName(model.getFileName().toString());
    try (var existing = Files.newDirectoryStream(model.getParent(), Publisher.escapeGlob(base) + ".preview.*")) {
      if (existing.iterator().hasNext()) {
        return;
      }
    } catch (IOException ignored) {
      return;
    }
    DownloadJob.FileEntry entry = job.file("preview:" + cover.path());
    Path[] part = new Path[1];
    Path[] target = new Path[1];
    try {
      guard.check(cover.source(), cover.hosts());
      FileTransfer.Result result = transfer.fetch(job, entry, cover, null, (answer, f) -> {
        String name = TargetNames.decide(job.type, Kind.PREVIEW, base, null,
            Optional.of(UrlParts.of(answer.finalUrl()).rest(0)), answer.header("Content-Type"), false);
        target[0] = paths.inside(typeRoot, model.resolveSibling(name));
        part[0] = partOf(target[0], job);
        return part[0];
      }, () -> cover, config.limits().maxPreviewSize().asLongValue());
      publisher.publishFile(result.part(), target[0], job.type, Kind.PREVIEW, null);
    } catch (IOException | RuntimeException e) {
      Log.infof("Download %s: the hub's cover image was not saved: %s", job.id, e.getMessage());
      if (part[0] != null) {
        deleteQuietly(part[0]);
      }
    }
  }

  /** Fixes the target once the name is known (from the user, the hub, or the answer's headers) and claims it. */
  private Path decideTarget(DownloadJob job, Path typeRoot, Optional<String> remoteName, String contentType) {
    if (job.target != null) {
      return paths.dataRoot().resolve(job.target);
    }
    String name = TargetNames.decide(job.type, job.kind, job.name, job.fileType, remoteName, contentType, config.allowPickle());
    Path target = paths.inside(typeRoot, typeRoot.resolve(name));
    claim(job, target);
    if (job.kind == Kind.MODEL && Files.exists(target)) {
      throw new DownloadFailure(FailureReason.TARGET_EXISTS, paths.relative(target) + " already exists; delete it first");
    }
    job.target = paths.relative(target);
    store.save(job);
    return target;
  }

  private void claim(DownloadJob job, Path target) {
    if (!claims.claim(target, job.id)) {
      throw new DownloadFailure(FailureReason.TARGET_BUSY, "Another download or upload is writing " + paths.relative(target));
    }
  }

  /** After a crash between publishing and saving the job: the file is already there and whole. */
  private boolean alreadyPublished(DownloadJob job, DownloadJob.FileEntry entry, Path target, Path part) throws IOException {
    claim(job, target);
    if (Files.exists(part) || !Files.exists(target) || job.kind != Kind.MODEL) {
      return false;
    }
    String expected = job.expectedSha256 != null ? job.expectedSha256 : entry.sha256;
    if (expected == null || !FileTransfer.hashFile(target).equals(expected)) {
      throw new DownloadFailure(FailureReason.TARGET_EXISTS, job.target + " already exists; delete it first");
    }
    job.sha256 = expected;
    job.bytesDone.set(Files.size(target));
    return true;
  }

  private void verify(DownloadJob job, DownloadJob.FileEntry entry, FileTransfer.Result result) {
    if (entry.size != null && result.size() != entry.size) {
      deleteQuietly(result.part());
      throw new DownloadFailure(FailureReason.SIZE_MISMATCH, entry.path + ": " + result.size() + " bytes arrived, "
          + entry.size + " expected");
    }
    for (String expected : new String[] {entry.sha256, entry == job.files.get(0) && !job.folder ? job.expectedSha256 : null}) {
      if (expected != null && !expected.equalsIgnoreCase(result.sha256())) {
        deleteQuietly(result.part());
        throw new DownloadFailure(FailureReason.SHA256_MISMATCH, entry.path + ": sha256 is " + result.sha256()
            + ", expected " + expected.toLowerCase(Locale.ROOT) + "; the file was deleted");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private void failed(DownloadJob job, FailureReason reason, String message) {
    if (job.tokenGiven && job.token.isEmpty() && (reason == FailureReason.TOKEN_REQUIRED || reason == FailureReason.FORBIDDEN)) {
      reason = FailureReason.TOKEN_REQUIRED;
      message = "The service restarted and hub tokens are never stored, so this download resumed without the token it was "
          + "given: submit it again with the token (" + message + ")";
    }
    job.reason = reason;
    job.error = message;
    metrics.failed(reason);
    finish(job, JobState.FAILED);
    Log.infof("Download %s failed (%s): %s", job.id, reason, message);
  }

  private void finish(DownloadJob job, JobState state) {
    if (state != JobState.DONE) {
      // before the state is published: a client that sees CANCELLED or FAILED finds the partial data gone
      removePartialData(job);
    }
    job.state = state;
    job.finishedAt = Instant.now();
    job.updatedAt = job.finishedAt;
    job.speed = 0;
    activeByRequest.remove(requestKey(job), job);
    store.save(job);
  }

  private void setState(DownloadJob job, JobState state) {
    FileTransfer.checkCancelled(job);
    job.state = state;
    job.updatedAt = Instant.now();
    store.save(job);
  }

  private void removePartialData(DownloadJob job) {
    if (job.target == null) {
      return;
    }
    Path target = paths.dataRoot().resolve(job.target);
    if (job.folder) {
      Path staging = target.resolveSibling("." + target.getFileName() + "." + job.id + ".part");
      deleteTree(staging);
    } else {
      deleteQuietly(partOf(target, job));
    }
    try (var siblings = Files.newDirectoryStream(target.getParent(), "*." + job.id + ".part")) {
      siblings.forEach(DownloadService::deleteQuietly);
    } catch (IOException ignored) {
      // nothing left to remove
    }
  }

  private void releaseClaims(DownloadJob job) {
    if (job.target != null) {
      claims.release(paths.dataRoot().resolve(job.target), job.id);
    }
  }

  static Path partOf(Path target, DownloadJob job) {
    return target.resolveSibling(target.getFileName() + "." + job.id + ".part");
  }

  private long maxSize(ModelType type, Kind kind) {
    return config.limits().maxFileSize(type, kind);
  }

  private java.util.concurrent.Semaphore hostSlot(URI source) {
    return perHost.computeIfAbsent(UrlGuard.hostOf(source), h -> new java.util.concurrent.Semaphore(config.limits().maxPerHost(), true));
  }

  /**
   * Takes a transfer slot on the host and marks the job DOWNLOADING; while it waits for the slot the job is QUEUED,
   * so DOWNLOADING jobs never outnumber the per-host limit.
   */
  private void acquire(DownloadJob job, java.util.concurrent.Semaphore slot) throws IOException {
    try {
      if (!slot.tryAcquire(0, TimeUnit.MILLISECONDS)) {
        setState(job, JobState.QUEUED);
        while (!slot.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          FileTransfer.checkCancelled(job);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
    try {
      setState(job, JobState.DOWNLOADING);
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
  }

  private static Optional<Path> safeRelative(String hubPath) {
    Path p = Path.of("");
    for (String segment : hubPath.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      Optional<String> clean = FileNames.sanitise(segment);
      if (clean.isEmpty() || !clean.get().equals(segment) || segment.startsWith(".")) {
        return Optional.empty();
      }
      p = p.resolve(segment);
    }
    return p.toString().isEmpty() ? Optional.empty() : Optional.of(p);
  }

  static String requestKey(DownloadJob job) {
    return String.join("\u0000", job.url, job.type.name(), job.kind.name(), String.valueOf(job.name), String.valueOf(job.directory));
  }

  private static URI withoutToken(URI url) {
    if (url.getRawQuery() == null) {
      return url;
    }
    StringBuilder query = new StringBuilder();
    for (String pair : url.getRawQuery().split("&")) {
      String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (!key.equalsIgnoreCase("token") && !key.isEmpty()) {
        query.append(query.length() == 0 ? "" : "&").append(pair);
      }
    }
    String s = url.toString();
    String head = s.substring(0, s.indexOf('?'));
    String fragment = url.getRawFragment() == null ? "" : "#" + url.getRawFragment();
    return URI.create(head + (query.length() == 0 ? "" : "?" + query) + fragment);
  }

  private int count(java.util.function.Predicate<JobState> which) {
    return (int) jobs.values().stream().filter(j -> which.test(j.state)).count();
  }

  private static FailureReason reasonOf(int status) {
    return switch (status) {
      case 401 -> FailureReason.TOKEN_REQUIRED;
      case 403 -> FailureReason.FORBIDDEN;
      case 404, 410 -> FailureReason.NOT_FOUND;
      default -> FailureReason.HUB_ERROR;
    };
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void sleep(Duration d) throws java.io.InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the stale .part cleaner removes it later
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(DownloadService::deleteQuietly);
    } catch (IOException ignored) {
      // the stale .part cleaner removes it later
    }
  }
}
