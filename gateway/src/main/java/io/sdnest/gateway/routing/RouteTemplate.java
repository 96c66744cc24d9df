package io.sdnest.gateway.routing;

/**
 * A metric tag for a request path that stays low-cardinality: the route prefix plus the first segment after it
 * ({@code /sdapi/v1/txt2img}, {@code /downloader/v1/jobs/*}), but only for paths an upstream knew (it answered, and
 * not 404); everything else collapses into {@code <prefix>/*}, so random paths can't grow the tag set.
 */
public final class RouteTemplate {

  private RouteTemplate() {
  }

  public static String of(String prefix, String path, boolean knownRoute) {
    if (!knownRoute || path.length() <= prefix.length() + 1) {
      return prefix + "/*";
    }
    String rest = path.substring(prefix.length() + 1);
    int slash = rest.indexOf('/');
    return slash < 0 ? prefix + "/" + rest : prefix + "/" + rest.substring(0, slash) + "/*";
  }
}
