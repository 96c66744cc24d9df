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

/** A1111's {@code memory}: system RAM as A1111 reports it, the JVM heap, and CUDA as unavailable (not measured yet). */
@Path("/sdapi/v1/memory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "system")
public class MemoryResource {

  @GET
  @Operation(summary = "RAM (free, used, total bytes), JVM heap, and cuda {error} as A1111 answers without a GPU")
  public Map<String, Object> memory() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize();
      long free = os.getFreeMemorySize();
      out.put("ram", Map.of("free", free, "used", total - free, "total", total));
    } else {
      out.put("ram", Map.of("error", "unavailable"));
    }
    out.put("cuda", Map.of("error", "unavailable"));
    Runtime rt = Runtime.getRuntime();
    out.put("jvm", Map.of("heap_used", rt.totalMemory() - rt.freeMemory(), "heap_committed", rt.totalMemory(),
        "heap_max", rt.maxMemory()));
    return out;
  }
}
