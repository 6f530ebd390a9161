package io.callproof.phone;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays Twilio's side of calls against a running Callproof: signed form posts to its webhooks, as
 * Twilio makes them for one account. Used by the tests, the terminal phone and the load generator.
 */
public final class SimulatedTwilio {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI base;
  private final String accountSid;
  private final String authToken;
  private final HttpClient http;

  /**
   * @param base where the service is, such as {@code http://localhost:8080}; also the URL the
   *     requests are signed for
   */
  public SimulatedTwilio(URI base, String accountSid, String authToken) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A new call from {@code from} to {@code to}; nothing is sent until it is placed. */
  public SimulatedCall call(String from, String to) {
    byte[] sid = new byte[16];
    RANDOM.nextBytes(sid);
    return new SimulatedCall(this, "CA" + HexFormat.of().formatHex(sid), from, to);
  }

  /** The account these calls belong to. */
  public String accountSid() {
    return accountSid;
  }

  /**
   * A webhook's reply.
   *
   * @param status the HTTP status
   * @param body the reply's text (TwiML for a 200)
   */
  public record Reply(int status, String body) {}

  /** Posts a form to a path or full URL of the service, signed with the account's token. */
  public Reply post(String pathOrUrl, Map<String, String> params) {
    return post(pathOrUrl, params, TwilioSigner.sign(authToken, url(pathOrUrl), params));
  }

  /** Posts a form with the signature given, right or wrong; {@code null} sends none. */
  public Reply post(String pathOrUrl, Map<String, String> params, String signature) {
    String form =
        params.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(pathOrUrl)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The signature Twilio would send for these parameters. */
  public String signatureFor(String pathOrUrl, Map<String, String> params) {
    return TwilioSigner.sign(authToken, url(pathOrUrl), params);
  }

  /** The parameters Twilio sends with every request about a call. */
  Map<String, String> callParams(SimulatedCall call, String status) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", accountSid);
    params.put("ApiVersion", "2010-04-01");
    params.put("CallSid", call.sid());
    params.put("CallStatus", status);
    params.put("Direction", "inbound");
    params.put("From", call.from());
    params.put("Caller", call.from());
    params.put("To", call.to());
    params.put("Called", call.to());
    return params;
  }

  String url(String pathOrUrl) {
    return pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
