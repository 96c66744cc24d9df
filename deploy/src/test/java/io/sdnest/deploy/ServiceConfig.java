package io.sdnest.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service reads, taken from its sources: its application.properties (prod profile) and the config keys of the
 * {@code @ConfigMapping} interfaces in the module and in common. A plain source scan, enough to keep the deploy files
 * honest about names.
 */
final class ServiceConfig {

  /** Quarkus runtime keys the deploy files set that no application.properties needs to mention. */
  private static final Set<String> STANDARD_QUARKUS_RUNTIME_KEYS =
      Set.of("quarkus.shutdown.delay", "quarkus.shutdown.timeout", "quarkus.config.locations");

  private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
  private static final Pattern METHOD = Pattern.compile("^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*([\\w.<>,?\\[\\] ]+?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
  private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
  private static final Pattern ENV_LITERAL = Pattern.compile("\\bSDNEST_[A-Z0-9_]+\\b");

  final Service service;
  private final Properties properties;
  private final Set<String> configKeys;
  private final Set<String> literalEnvNames;

  private ServiceConfig(Service service, Properties properties, Set<String> configKeys, Set<String> literalEnvNames) {
    this.service = service;
    this.properties = properties;
    this.configKeys = configKeys;
    this.literalEnvNames = literalEnvNames;
  }

  static ServiceConfig of(Service service) {
    Path module = Repo.root().resolve(service.module);
    Properties props = loadProdProperties(module.resolve("src/main/resources/application.properties"));
    List<Path> sources = javaSources(module, Repo.root().resolve("common"));
    Set<String> keys = new HashSet<>();
    Set<String> literals = new HashSet<>();
    for (Path source : sources) {
      String text = Repo.read(source);
      keys.addAll(mappedKeys(text));
      literals.addAll(envLiterals(text));
    }
    props.stringPropertyNames().stream().filter(k -> k.startsWith("sdnest.")).forEach(keys::add);
    for (String name : props.stringPropertyNames()) {
      literals.addAll(envLiterals(props.getProperty(name)));
    }
    return new ServiceConfig(service, props, keys, literals);
  }

  int httpPort() {
    return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
  }

  int managementPort() {
    return Integer.parseInt(properties.getProperty("quarkus.management.port", "9000"));
  }

  boolean managementEnabled() {
    return Boolean.parseBoolean(properties.getProperty("quarkus.management.enabled", "false"));
  }

  /** {@code live}, {@code ready} or {@code started} to the path Quarkus serves it on. */
  String healthPath(String kind) {
    String leaf = switch (kind) {
      case "live" -> properties.getProperty("quarkus.smallrye-health.liveness-path", "live");
      case "ready" -> properties.getProperty("quarkus.smallrye-health.readiness-path", "ready");
      case "started" -> properties.getProperty("quarkus.smallrye-health.startup-path", "started");
      default -> throw new IllegalArgumentException(kind);
    };
    return nonApplicationPath(properties.getProperty("quarkus.smallrye-health.root-path", "health") + "/" + leaf);
  }

  String metricsPath() {
    return nonApplicationPath(properties.getProperty("quarkus.micrometer.export.prometheus.path", "metrics"));
  }

  String imageRepository() {
    return properties.getProperty("quarkus.container-image.group") + "/" + properties.getProperty("quarkus.container-image.name");
  }

  String property(String key) {
    return properties.getProperty(key);
  }

  /** Whether the service reads this environment variable (SmallRye env form of a key it maps, or a literal name). */
  boolean reads(String envName) {
    if (envName.startsWith("QUARKUS_")) {
      return Stream.concat(properties.stringPropertyNames().stream().filter(k -> k.startsWith("quarkus.")),
          STANDARD_QUARKUS_RUNTIME_KEYS.stream()).map(ServiceConfig::envForm).anyMatch(envName::equals);
    }
    return literalEnvNames.contains(envName) || configKeys.stream().map(ServiceConfig::envForm).anyMatch(envName::equals);
  }

  Set<String> configKeys() {
    return Set.copyOf(configKeys);
  }

  static String envForm(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
  }

  private String nonApplicationPath(String leaf) {
    if (leaf.startsWith("/")) {
      return leaf;
    }
    String root = properties.getProperty("quarkus.http.non-application-root-path", "q");
    return "/" + root.replaceAll("^/|/$", "") + "/" + leaf;
  }

  private static Properties loadProdProperties(Path file) {
    Properties all = new Properties();
    try {
      all.load(new StringReader(Repo.read(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties prod = new Properties();
    all.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> prod.setProperty(k, all.getProperty(k)));
    return prod;
  }

  private static List<Path> javaSources(Path... modules) {
    return Stream.of(modules).map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).flatMap(dir -> {
      try (Stream<Path> files = Files.walk(dir)) {
        return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList()).stream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).collect(Collectors.toList());
  }

  /** Keys of a {@code @ConfigMapping} interface and its nested group interfaces, as kebab-case property names. */
  static Set<String> mappedKeys(String source) {
    Matcher mapping = CONFIG_MAPPING.matcher(source);
    if (!mapping.find()) {
      return Set.of();
    }
    String prefix = mapping.group(1);
    // Pass 1: methods per interface (tracked by brace depth), pass 2: expand groups from the root interface.
    java.util.Map<String, List<String[]>> methods = new java.util.LinkedHashMap<>();
    Deque<String[]> stack = new ArrayDeque<>(); // {interfaceName, depthAtOpen}
    int depth = 0;
    String root = null;
    String pendingName = null;
    for (String line : source.split("\n")) {
      Matcher withName = WITH_NAME.matcher(line);
      if (withName.find()) {
        pendingName = withName.group(1);
      }
      Matcher iface = INTERFACE.matcher(line);
      if (iface.find() && line.contains("{")) {
        stack.push(new String[] {iface.group(1), String.valueOf(depth)});
        methods.putIfAbsent(iface.group(1), new java.util.ArrayList<>());
        if (root == null) {
          root = iface.group(1);
        }
      } else if (!stack.isEmpty()) {
        Matcher method = METHOD.matcher(line);
        if (method.find() && !line.contains("default ") && !line.contains("static ")) {
          String name = pendingName != null ? pendingName : kebab(method.group(2));
          methods.get(stack.peek()[0]).add(new String[] {method.group(1).trim(), name});
          pendingName = null;
        }
      }
      for (char c : line.toCharArray()) {
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
          if (!stack.isEmpty() && depth == Integer.parseInt(stack.peek()[1])) {
            stack.pop();
          }
        }
      }
    }
    Set<String> keys = new HashSet<>();
    if (root != null) {
      expand(prefix, root, methods, keys, 0);
    }
    return keys;
  }

  private static void expand(String prefix, String iface, java.util.Map<String, List<String[]>> methods, Set<String> keys, int level) {
    for (String[] method : methods.getOrDefault(iface, List.of())) {
      String type = method[0].replaceAll(".*<\\s*(\\w+)\\s*>.*", "$1").replaceAll(".*\\.", "");
      String key = prefix + "." + method[1];
      if (methods.containsKey(type) && level < 5) {
        expand(key, type, methods, keys, level + 1);
      } else {
        keys.add(key);
      }
    }
  }

  private static Set<String> envLiterals(String text) {
    Set<String> found = new HashSet<>();
    Matcher m = ENV_LITERAL.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
