package dev.shepherd.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the AppConfig control-plane API, at the HTTP level: no emulator available here
 * implements StartDeployment. It speaks the REST-JSON wire format the AWS SDK sends and expects, for the
 * calls the AppConfig flag provider makes, with one application ({@code payments}), environment
 * ({@code prod}) and two feature-flag profiles ({@code flags}, the tests' own, and {@code other-flags}), each
 * with its own hosted versions. As AppConfig does, it lists deployments newest first and names each one's
 * profile by name only. Deployments complete on their second read.
 */
final class AppConfigStub implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP = "app0001";
  private static final String ENV = "env0001";
  /** Profile ids by name. */
  private static final Map<String, String> PROFILES = Map.of("flags", "prf0001", "other-flags", "prf0002");
  static final String OTHER_PROFILE = "other-flags";

  private final HttpServer server;
  /** Hosted configuration versions by profile id, each numbered from 1, as raw content. */
  private final Map<String, List<String>> hosted = new LinkedHashMap<>();
  /** The hosted versions of the {@code flags} profile. */
  final List<String> versions;
  /** Deployments in order: number -> [configuration version, strategy, reads, profile id]. */
  final Map<Integer, String[]> deployments = new LinkedHashMap<>();
  /** Every request, as "METHOD path". */
  final List<String> requests = new ArrayList<>();

  AppConfigStub() throws IOException {
    for (String id : PROFILES.values()) {
      hosted.put(id, new ArrayList<>());
    }
    versions = hosted.get(PROFILES.get("flags"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A hosted version of the {@code flags} profile, deployed: what was live before the release. */
  synchronized void live(String content) {
    live("flags", content);
  }

  /** A hosted version of the named profile, deployed (completed) to the environment, as someone else would. */
  synchronized void live(String profile, String content) {
    List<String> list = hosted.get(PROFILES.get(profile));
    list.add(content);
    deployments.put(deployments.size() + 1,
        new String[] {String.valueOf(list.size()), "seed", "2", PROFILES.get(profile)});
  }

  /** The content of the version of the {@code flags} profile deployed last. */
  synchronized String liveContent() {
    String id = PROFILES.get("flags");
    int last = deployments.entrySet().stream().filter(e -> e.getValue()[3].equals(id))
        .mapToInt(Map.Entry::getKey).max().orElseThrow();
    return versions.get(Integer.parseInt(deployments.get(last)[0]) - 1);
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String method = x.getRequestMethod();
    requests.add(method + " " + path);
    byte[] body = x.getRequestBody().readAllBytes();
    Matcher m;
    if (method.equals("GET") && path.equals("/applications")) {
      json(x, 200, "{\"Items\":[{\"Id\":\"" + APP + "\",\"Name\":\"payments\"}]}");
    } else if (method.equals("GET") && path.equals("/applications/" + APP + "/environments")) {
      json(x, 200, "{\"Items\":[{\"Id\":\"" + ENV + "\",\"ApplicationId\":\"" + APP + "\",\"Name\":\"prod\",\"State\":\"READY_FOR_DEPLOYMENT\"}]}");
    } else if (method.equals("GET") && path.equals("/applications/" + APP + "/configurationprofiles")) {
      StringBuilder items = new StringBuilder();
      for (var p : PROFILES.entrySet()) {
        if (items.length() > 0) items.append(',');
        items.append("{\"Id\":\"" + p.getValue() + "\",\"ApplicationId\":\"" + APP + "\",\"Name\":\"" + p.getKey()
            + "\",\"Type\":\"AWS.AppConfig.FeatureFlags\",\"LocationUri\":\"hosted\"}");
      }
      json(x, 200, "{\"Items\":[" + items + "]}");
    } else if (method.equals("GET") && path.equals("/applications/" + APP + "/environments/" + ENV + "/deployments")) {
      StringBuilder items = new StringBuilder();
      for (int number = deployments.size(); number >= 1; number--) {
        if (items.length() > 0) items.append(',');
        items.append(deployment(number, deployments.get(number), false));
      }
      json(x, 200, "{\"Items\":[" + items + "]}");
    } else if ((m = match("/applications/" + APP + "/environments/" + ENV + "/deployments/(\\d+)", path)) != null
        && method.equals("GET")) {
      String[] d = deployments.get(Integer.parseInt(m.group(1)));
      if (d == null) {
        error(x, 404, "ResourceNotFoundException", "no deployment " + m.group(1));
        return;
      }
      json(x, 200, deployment(Integer.parseInt(m.group(1)), d, true));
    } else if (method.equals("POST") && path.equals("/applications/" + APP + "/environments/" + ENV + "/deployments")) {
      JsonNode req = JSON.readTree(body);
      String profile = req.path("ConfigurationProfileId").asText();
      List<String> list = hosted.get(profile);
      int version = Integer.parseInt(req.path("ConfigurationVersion").asText());
      if (list == null || version < 1 || version > list.size()) {
        error(x, 400, "BadRequestException", "no configuration version " + version + " of " + profile);
        return;
      }
      int number = deployments.size() + 1;
      deployments.put(number, new String[] {String.valueOf(version), req.path("DeploymentStrategyId").asText(), "0", profile});
      json(x, 201, deployment(number, deployments.get(number), false));
    } else if (method.equals("POST") && (m = match("/applications/" + APP
        + "/configurationprofiles/(\\w+)/hostedconfigurationversions", path)) != null && hosted.containsKey(m.group(1))) {
      List<String> list = hosted.get(m.group(1));
      list.add(new String(body, StandardCharsets.UTF_8));
      hosted(x, 201, m.group(1), list.size());
    } else if ((m = match("/applications/" + APP + "/configurationprofiles/(\\w+)/hostedconfigurationversions/(\\d+)",
        path)) != null && method.equals("GET") && hosted.containsKey(m.group(1))) {
      int v = Integer.parseInt(m.group(2));
      if (v < 1 || v > hosted.get(m.group(1)).size()) {
        error(x, 404, "ResourceNotFoundException", "no version " + v + " of " + m.group(1));
        return;
      }
      hosted(x, 200, m.group(1), v);
    } else {
      error(x, 404, "ResourceNotFoundException", method + " " + path + " is not stubbed");
    }
  }

  private String deployment(int number, String[] d, boolean read) {
    if (read) {
      d[2] = String.valueOf(Integer.parseInt(d[2]) + 1);
    }
    String state = Integer.parseInt(d[2]) >= 2 ? "COMPLETE" : "DEPLOYING";
    String name = PROFILES.entrySet().stream().filter(e -> e.getValue().equals(d[3])).findFirst().orElseThrow().getKey();
    return "{\"ApplicationId\":\"" + APP + "\",\"EnvironmentId\":\"" + ENV + "\",\"ConfigurationProfileId\":\""
        + d[3] + "\",\"ConfigurationName\":\"" + name + "\",\"DeploymentNumber\":" + number
        + ",\"ConfigurationVersion\":\"" + d[0] + "\",\"DeploymentStrategyId\":\"" + d[1] + "\",\"State\":\"" + state + "\"}";
  }

  private void hosted(HttpExchange x, int status, String profile, int version) throws IOException {
    byte[] content = hosted.get(profile).get(version - 1).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Application-Id", APP);
    x.getResponseHeaders().add("Configuration-Profile-Id", profile);
    x.getResponseHeaders().add("Version-Number", String.valueOf(version));
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, content.length);
    x.getResponseBody().write(content);
    x.close();
  }

  private static Matcher match(String regex, String path) {
    Matcher m = Pattern.compile(regex).matcher(path);
    return m.matches() ? m : null;
  }

  private static void json(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private static void error(HttpExchange x, int status, String type, String message) throws IOException {
    x.getResponseHeaders().add("x-amzn-ErrorType", type);
    json(x, status, "{\"Message\":\"" + message + "\"}");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
