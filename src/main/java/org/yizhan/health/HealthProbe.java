package org.yizhan.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's health check: asks the server's own readiness route and exits 0 on a 200, 1
 * otherwise. The image is a slim JRE without curl or wget, and the JDK's HTTP client needs nothing
 * else, so the probe ships in the server's jar: {@code java -cp yizhan.jar
 * org.yizhan.health.HealthProbe [url]}. Without an argument it asks {@code
 * http://127.0.0.1:$YIZHAN_HTTP_PORT/health/ready} (port 8080 by default).
 */
public final class HealthProbe {

  private HealthProbe() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : defaultUrl(System.getenv("YIZHAN_HTTP_PORT"));
    System.exit(probe(URI.create(url), Duration.ofSeconds(4)) ? 0 : 1);
  }

  static String defaultUrl(String port) {
    String p = port == null || port.isBlank() ? "8080" : port.trim();
    return "http://127.0.0.1:" + p + "/health/ready";
  }

  /** True when {@code uri} answers 200 within {@code timeout}. */
  static boolean probe(URI uri, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return true;
      }
      System.err.println("health: " + uri + " answered " + response.statusCode());
      System.err.println(response.body());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.io.IOException e) {
      System.err.println("health: " + uri + " unreachable: " + e);
      return false;
    }
  }
}
