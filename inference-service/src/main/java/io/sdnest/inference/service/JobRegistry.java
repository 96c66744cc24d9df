package io.sdnest.inference.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.sdnest.common.error.ApiException;
import io.sdnest.common.security.Caller;
import io.sdnest.inference.config.InferenceConfig;
import io.sdnest.inference.engine.pipeline.GenerationRequest;

/**
 * The jobs this replica knows: running and queued ones (for progress, interrupt and skip) and finished async ones until
 * their retention ends. Also the latest job of each user and overall, which {@code progress} reports after it ended.
 */
@ApplicationScoped
public class JobRegistry {

  private static final Pattern REPLICA = Pattern.compile("[a-z0-9]{1,16}");
  private static final int MAX_FORCED_ID = 64;
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int ID_LENGTH = 22;

  private final Duration retention;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, GenerationJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, GenerationJob> latestByUser = new ConcurrentHashMap<>();
  private volatile GenerationJob latest;

  public JobRegistry(InferenceConfig config) {
    this.retention = config.jobRetention();
  }

  /**
   * Registers a new job of {@code caller}. Its id is {@code <replica>-<random>} when the gateway named the replica,
   * else {@code <random>}; {@code forcedId} (A1111's force_task_id, any string up to 64 characters) replaces the
   * random part and must not be in use (409).
   */
  public GenerationJob create(Caller caller, String kind, boolean async, GenerationRequest request, String replica,
      String forcedId) {
    String prefix = replica != null && REPLICA.matcher(replica).matches() ? replica + "-" : "";
    if (forcedId != null && forcedId.length() > MAX_FORCED_ID) {
      throw ApiException.badRequest("force_task_id must be at most " + MAX_FORCED_ID + " characters, got "
          + forcedId.length());
    }
    while (true) {
      String id = prefix + (forcedId != null ? forcedId : randomId());
      GenerationJob job = new GenerationJob(id, caller.name(), kind, async, request);
      if (jobs.putIfAbsent(id, job) == null) {
        latestByUser.put(caller.name(), job);
        latest = job;
        return job;
      }
      if (forcedId != null) {
        throw ApiException.conflict("A job with id '" + id + "' exists already");
      }
    }
  }

  /** The job {@code id} if {@code caller} may see it (its owner, or an admin); others get 404 as if it did not exist. */
  public GenerationJob visible(String id, Caller caller) {
    purgeExpired();
    GenerationJob job = jobs.get(id);
    if (job == null || !job.async() || !(caller.isAdmin() || job.owner().equals(caller.name()))) {
      throw ApiException.notFound("No job '" + id + "'");
    }
    return job;
  }

  /** Forgets a job (a finished sync job, or a deleted async one). */
  public void remove(GenerationJob job) {
    jobs.remove(job.id(), job);
  }

  /** The latest job of the caller when the gateway named one, else the latest of anyone. */
  public Optional<GenerationJob> latestFor(Caller caller) {
    return Optional.ofNullable(caller.viaGateway() ? latestByUser.get(caller.name()) : latest);
  }

  /** Unfinished jobs the caller may control: its own, or all of them for an admin (and a direct caller). */
  public List<GenerationJob> controllable(Caller caller) {
    List<GenerationJob> out = new ArrayList<>();
    for (GenerationJob job : jobs.values()) {
      if (!job.state().finished() && (caller.isAdmin() || job.owner().equals(caller.name()))) {
        out.add(job);
      }
    }
    return out;
  }

  @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purgeExpired() {
    Instant limit = Instant.now().minus(retention);
    jobs.values().removeIf(j -> {
      Instant end = j.finishedAt();
      return end != null && end.isBefore(limit);
    });
  }

  private String randomId() {
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
