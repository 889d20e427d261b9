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
 * ({@code prod}) and feature-flag profile ({@code flags}). Deployments complete on their second read.
 */
final class AppConfigStub implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP = "app0001";
  private static final String ENV = "env0001";
  private static final String PROFILE = "prf0001";

  private final HttpServer server;
  /** Hosted configuration versions by number (1-based), as raw content. */
  final List<String> versions = new ArrayList<>();
  /** Deployments in order: number -> [configuration version, strategy, reads]. */
  final Map<Integer, String[]> deployments = new LinkedHashMap<>();
  /** Every request, as "METHOD path". */
  final List<String> requests = new ArrayList<>();

  AppConfigStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A hosted version, deployed: what was live before the release. */
  synchronized void live(String content) {
    versions.add(content);
    deployments.put(deployments.size() + 1, new String[] {String.valueOf(versions.size()), "seed", "2"});
  }

  /** The content of the version deployed last. */
  synchronized String liveContent() {
    int last = deployments.keySet().stream().mapToInt(i -> i).max().orElseThrow();
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
      json(x, 200, "{\"Items\":[{\"Id\":\"" + PROFILE + "\",\"ApplicationId\":\"" + APP
          + "\",\"Name\":\"flags\",\"Type\":\"AWS.AppConfig.FeatureFlags\",\"LocationUri\":\"hosted\"}]}");
    } else if (method.equals("GET") && path.equals("/applications/" + APP + "/environments/" + ENV + "/deployments")) {
      StringBuilder items = new StringBuilder();
      for (var d : deployments.entrySet()) {
        if (items.length() > 0) items.append(',');
        items.append(deployment(d.getKey(), d.getValue(), false));
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
      int version = Integer.parseInt(req.path("ConfigurationVersion").asText());
      if (version < 1 || version > versions.size()) {
        error(x, 400, "BadRequestException", "no configuration version " + version);
        return;
      }
      int number = deployments.size() + 1;
      deployments.put(number, new String[] {String.valueOf(version), req.path("DeploymentStrategyId").asText(), "0"});
      json(x, 201, deployment(number, deployments.get(number), false));
    } else if (method.equals("POST")
        && path.equals("/applications/" + APP + "/configurationprofiles/" + PROFILE + "/hostedconfigurationversions")) {
      versions.add(new String(body, StandardCharsets.UTF_8));
      hosted(x, 201, versions.size());
    } else if ((m = match("/applications/" + APP + "/configurationprofiles/" + PROFILE
        + "/hostedconfigurationversions/(\\d+)", path)) != null && method.equals("GET")) {
      int v = Integer.parseInt(m.group(1));
      if (v < 1 || v > versions.size()) {
        error(x, 404, "ResourceNotFoundException", "no version " + v);
        return;
      }
      hosted(x, 200, v);
    } else {
      error(x, 404, "ResourceNotFoundException", method + " " + path + " is not stubbed");
    }
  }

  private String deployment(int number, String[] d, boolean read) {
    if (read) {
      d[2] = String.valueOf(Integer.parseInt(d[2]) + 1);
    }
    String state = Integer.parseInt(d[2]) >= 2 ? "COMPLETE" : "DEPLOYING";
    return "{\"ApplicationId\":\"" + APP + "\",\"EnvironmentId\":\"" + ENV + "\",\"ConfigurationProfileId\":\""
        + PROFILE + "\",\"DeploymentNumber\":" + number + ",\"ConfigurationVersion\":\"" + d[0]
        + "\",\"DeploymentStrategyId\":\"" + d[1] + "\",\"State\":\"" + state + "\"}";
  }

  private void hosted(HttpExchange x, int status, int version) throws IOException {
    byte[] content = versions.get(version - 1).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Application-Id", APP);
    x.getResponseHeaders().add("Configuration-Profile-Id", PROFILE);
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
