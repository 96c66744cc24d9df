package io.sdnest.inference.rest;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.sun.management.OperatingSystemMXBean;

import io.sdnest.inference.service.CudaMemory;

/** A1111's {@code memory}: system RAM as A1111 reports it, the CUDA device when the models run on one, the JVM heap. */
@Path("/sdapi/v1/memory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "system")
public class MemoryResource {

  private final CudaMemory cuda;

  public MemoryResource(CudaMemory cuda) {
    this.cuda = cuda;
  }

  @GET
  @Operation(summary = "RAM (free, used, total bytes); cuda (system, active, allocated, reserved, "
      + "inactive, events) on a CUDA device, else {error} as A1111 answers without a GPU; JVM heap")
  public Map<String, Object> memory() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize();
      long free = os.getFreeMemorySize();
      out.put("ram", Map.of("free", free, "used", total - free, "total", total));
    } else {
      out.put("ram", Map.of("error", "unavailable"));
    }
    out.put("cuda", cuda.report());
    Runtime rt = Runtime.getRuntime();
    out.put("jvm", Map.of("heap_used", rt.totalMemory() - rt.freeMemory(), "heap_committed", rt.totalMemory(),
        "heap_max", rt.maxMemory()));
    return out;
  }
}
