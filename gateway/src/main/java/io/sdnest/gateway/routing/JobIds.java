package io.sdnest.gateway.routing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Async job routes ({@code /sdnest/v1/jobs/<key>-<rest>[/...]}): a job lives on the inference replica that created
 * it, whose {@link Upstream#key()} is the id's prefix (the replica learnt its key from {@code X-Sdnest-Replica}).
 */
public final class JobIds {

  public static final String JOBS = "/sdnest/v1/jobs/";
  private static final Pattern JOB_PATH = Pattern.compile("/sdnest/v1/jobs/([^/]+)(?:/.*)?");
  private static final Pattern KEYED_ID = Pattern.compile("([a-z0-9]{1,16})-[^/]+");

  private JobIds() {
  }

  /** Whether the path names one job (then it must go to that job's replica). */
  public static boolean isJobPath(String path) {
    return JOB_PATH.matcher(path).matches();
  }

  /** The replica key of the job the path names; empty for an id that carries none (no such job anywhere). */
  public static Optional<String> replicaKey(String path) {
    Matcher job = JOB_PATH.matcher(path);
    if (!job.matches()) {
      return Optional.empty();
    }
    Matcher id = KEYED_ID.matcher(job.group(1));
    return id.matches() ? Optional.of(id.group(1)) : Optional.empty();
  }
}
