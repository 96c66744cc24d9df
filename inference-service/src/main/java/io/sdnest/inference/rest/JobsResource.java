package io.sdnest.inference.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sdnest.common.security.Caller;
import io.sdnest.inference.service.GenerationJob;
import io.sdnest.inference.service.JobRegistry;

/** Async generation jobs: their state, progress and result, visible to their owner (and admins) only. */
@Path("/sdnest/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobsResource {

  private final JobRegistry jobs;

  public JobsResource(JobRegistry jobs) {
    this.jobs = jobs;
  }

  static String location(String id) {
    return "/sdnest/v1/jobs/" + id;
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "State and progress of an async job; when done, the body txt2img/img2img would have answered")
  @APIResponse(responseCode = "200", description = "The job")
  @APIResponse(responseCode = "404", description = "No such job, or not the caller's, or its retention ended")
  public JobStatus get(@PathParam("id") String id, @Context HttpHeaders headers) {
    return status(jobs.visible(id, Caller.of(headers)));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Cancels a queued or running job (it stops at the next step) or forgets a finished one; "
      + "answers the job as it is then")
  @APIResponse(responseCode = "200", description = "The job")
  @APIResponse(responseCode = "404", description = "No such job, or not the caller's")
  public JobStatus delete(@PathParam("id") String id, @Context HttpHeaders headers) {
    GenerationJob job = jobs.visible(id, Caller.of(headers));
    if (job.state().finished()) {
      jobs.remove(job);
    } else {
      job.cancel();
    }
    return status(job);
  }

  private static JobStatus status(GenerationJob job) {
    var p = job.progressState();
    return new JobStatus(job.id(), job.state().label(), job.kind(), job.created(), job.finishedAt(), job.fraction(),
        job.etaSeconds(), p.sampling_step(), p.sampling_steps(), p.job_no(), job.state().finished() ? 0 : p.job_count(),
        job.result(), job.error());
  }
}
