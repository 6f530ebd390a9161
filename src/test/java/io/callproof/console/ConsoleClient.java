package io.callproof.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in console session driven over HTTP, as a browser's requests would be. */
final class ConsoleClient {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new CookieManager())
          .build();
  private String csrf;

  private ConsoleClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Signs in with an email and password; fails unless that opens the live calls. */
  static ConsoleClient signIn(int port, String email, String password) {
    ConsoleClient client = new ConsoleClient(port);
    String form = client.get("/console/sign-in").body();
    HttpResponse<String> answer =
        client.post(
            "/console/sign-in",
            Map.of("csrf", client.find(form), "email", email, "password", password));
    if (answer.statusCode() != 303) {
      throw new AssertionError("sign-in answered " + answer.statusCode() + ": " + answer.body());
    }
    client.csrf = client.find(client.get("/console").body());
    return client;
  }

  private String find(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no CSRF field in: " + html);
    }
    return m.group(1);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** Posts a form with the session's CSRF token. */
  HttpResponse<String> postForm(String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("csrf", csrf);
    return post(path, all);
  }

  HttpResponse<String> post(String path, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /**
   * Posts a file as a browser's {@code multipart/form-data} form does.
   *
   * @param withCsrf whether the session's CSRF token goes with it
   */
  HttpResponse<String> postFile(String path, String fileName, String content, boolean withCsrf) {
    String boundary = "----callproof" + Long.toHexString(System.nanoTime());
    StringBuilder body = new StringBuilder();
    if (withCsrf) {
      body.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"csrf\"\r\n\r\n")
          .append(csrf)
          .append("\r\n");
    }
    body.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
        .append(fileName)
        .append("\"\r\nContent-Type: text/csv\r\n\r\n")
        .append(content)
        .append("\r\n--")
        .append(boundary)
        .append("--\r\n");
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
