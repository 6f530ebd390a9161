package io.callproof.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.net.URL;

/**
 * Sends the Twilio SDK's REST requests to another base URL (a regional edge, or a local server that
 * speaks Twilio's API in tests), keeping their path, query, form and credentials.
 */
final class RedirectingHttpClient extends NetworkHttpClient {

  private final URI base;

  RedirectingHttpClient(URI base) {
    this.base = base;
  }

  @Override
  public Response makeRequest(Request request) {
    URL original = request.constructURL();
    String target =
        base.toString().replaceAll("/+$", "")
            + original.getPath()
            + (original.getQuery() == null ? "" : "?" + original.getQuery());
    Request moved = new Request(request.getMethod(), target);
    if (request.requiresAuthentication()) {
      moved.setAuth(request.getUsername(), request.getPassword());
    }
    request.getPostParams().forEach((k, values) -> values.forEach(v -> moved.addPostParam(k, v)));
    request
        .getHeaderParams()
        .forEach((k, values) -> values.forEach(v -> moved.addHeaderParam(k, v)));
    if (request.getContentType() != null) {
      moved.setContentType(request.getContentType());
    }
    if (request.getBody() != null) {
      moved.setBody(request.getBody());
    }
    return super.makeRequest(moved);
  }
}
