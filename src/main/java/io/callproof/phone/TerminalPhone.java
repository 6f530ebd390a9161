package io.callproof.phone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

/**
 * A phone in the terminal for trying a demo without Twilio: it plays a call into the running
 * service as Twilio would, prints what the line says and the texts the development outbox receives,
 * and sends what is typed as keypad digits. Demo mode only: it needs the demo tenant's local-only
 * Twilio account, which only a demo service hands out.
 */
public final class TerminalPhone {

  private final URI service;
  private final PrintStream out;
  private final BufferedReader in;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<String> textsShown = new HashSet<>();

  public TerminalPhone(URI service, PrintStream out, BufferedReader in) {
    this.service = service;
    this.out = out;
    this.in = in;
  }

  /**
   * Plays one call from {@code from} to {@code to} (or the demo tenant's first number: its
   * helpdesk).
   *
   * @return 0 when the call reached a technician or hung up, 1 when it could not be played
   */
  public int call(String from, String to) throws IOException, InterruptedException {
    HttpResponse<String> account = get("/dev/twilio-account");
    if (account.statusCode() != 200) {
      out.println(
          "The service at "
              + service
              + " is not a demo with a local-only Twilio"
              + " account (HTTP "
              + account.statusCode()
              + "); use a real phone.");
      return 1;
    }
    JsonObject demo = new JsonObject(account.body());
    String number = to != null ? to : demo.getJsonArray("numbers").getString(0);
    SimulatedTwilio twilio =
        new SimulatedTwilio(service, demo.getString("accountSid"), demo.getString("authToken"));
    rememberTexts();
    out.println("Calling " + number + " from " + from + " ...");
    SimulatedCall call = twilio.call(from, number).place();
    int heard = 0;
    while (true) {
      heard = print(call, heard);
      if (call.state() != SimulatedCall.State.GATHERING) {
        break;
      }
      showNewTexts();
      out.print("keypad> ");
      out.flush();
      String line = in.readLine();
      if (line == null) {
        call.hangUp();
        out.println("\nHung up.");
        return 0;
      }
      call = answer(call, line.trim());
    }
    return ending(call);
  }

  /** Silence, keys, or words to say (when the line listens), as the caller typed them. */
  private static SimulatedCall answer(SimulatedCall call, String line) {
    if (line.isEmpty()) {
      return call.silence();
    }
    boolean listens = call.gatherAttributes().getOrDefault("input", "").contains("speech");
    return listens && !line.matches("[0-9*#]+") ? call.speak(line, null) : call.press(line);
  }

  private int ending(SimulatedCall call) {
    if (call.state() == SimulatedCall.State.DIALLING) {
      out.println("[ringing technicians]");
      for (SimulatedCall.Leg leg : call.legs()) {
        out.println("  " + leg.kind() + " " + leg.target() + " " + leg.parameters());
      }
      call.hangUp();
      return 0;
    }
    if (call.state() == SimulatedCall.State.ERROR) {
      out.println("The service answered HTTP " + call.lastReply().status());
      return 1;
    }
    out.println("[call ended]");
    return 0;
  }

  private int print(SimulatedCall call, int alreadyShown) {
    var heard = call.heard();
    for (int i = alreadyShown; i < heard.size(); i++) {
      out.println("line: " + heard.get(i));
    }
    return heard.size();
  }

  private void rememberTexts() throws IOException, InterruptedException {
    for (Object o : texts()) {
      textsShown.add(((JsonObject) o).getString("id"));
    }
  }

  private void showNewTexts() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 3_000;
    boolean any = false;
    while (!any && System.currentTimeMillis() < deadline) {
      for (Object o : texts()) {
        JsonObject text = (JsonObject) o;
        if (textsShown.add(text.getString("id"))) {
          out.println("text to " + text.getString("to") + ": " + text.getString("body"));
          any = true;
        }
      }
      if (!any) {
        Thread.sleep(200);
      }
    }
  }

  private JsonArray texts() throws IOException, InterruptedException {
    return new JsonArray(get("/dev/outbox").body());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(service.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
