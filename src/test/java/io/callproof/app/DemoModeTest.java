package io.callproof.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.directory.Tenant;
import io.callproof.phone.SimulatedCall;
import io.callproof.phone.SimulatedTwilio;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode: demo data, the development outbox; production never serves the outbox. */
class DemoModeTest {

  @TempDir Path data;

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void demo_loadsDemoDataAndTextsTheCodeToTheOutbox() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestDatabase db = TestDatabase.create(vertx);
    Callproof service =
        Await.result(
            Callproof.start(
                vertx,
                Settings.from(
                    Map.of(
                        "CALLPROOF_DB_URL",
                        db.url(),
                        "CALLPROOF_HTTP_HOST",
                        "127.0.0.1",
                        "CALLPROOF_HTTP_PORT",
                        "0",
                        "CALLPROOF_DATA_DIR",
                        data.toString())),
                Clock.systemUTC()));
    try {
      Tenant demo = service.tenants().byId("secure-it").orElseThrow();
      Tenant.TwilioCredentials account = demo.twilio().orElseThrow();
      SimulatedTwilio twilio =
          new SimulatedTwilio(
              URI.create("http://127.0.0.1:" + service.port()),
              account.accountSid(),
              account.authToken());

      SimulatedCall call = twilio.call("+13125550121", "+13125550111").place();
      assertThat(call.gatherAttributes()).containsEntry("input", "dtmf speech");
      call.silence();
      service.outboxWorker().wake();
      String body =
          Await.until(
              () -> {
                try {
                  JsonArray texts = new JsonArray(get(service.port(), "/dev/outbox").body());
                  return texts.isEmpty() ? null : texts.getJsonObject(0).getString("body");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              Duration.ofSeconds(10),
              "a text in the outbox");
      call.press(body.replaceAll("(?s).*code is ([0-9]{6}).*", "$1"));
      String banner = StartupBanner.text(service);
      DemoSecrets.DemoAdmin admin = service.demoAdmin().orElseThrow();
      io.callproof.console.ConsoleUsers.Outcome signIn =
          Await.result(
                  new io.callproof.console.ConsoleUsers(
                          vertx, service.database().pool(), new io.callproof.audit.AuditTrail())
                      .signIn(admin.email(), admin.password(), Clock.systemUTC().instant()))
              .outcome();

      assertThat(demo.devOutbox()).isTrue();
      assertThat(body).startsWith("Secure IT: your helpdesk code is");
      assertThat(call.legs().get(0).parameters())
          .containsEntry("badge", "verified")
          .containsEntry("contact", "Dana Reyes");
      assertThat(Files.getPosixFilePermissions(data.resolve("secrets.properties"))).hasSize(2);
      assertThat(banner).contains("/console", admin.email(), admin.password());
      assertThat(Files.readString(data.resolve("secrets.properties"))).contains(admin.password());
      assertThat(signIn).isEqualTo(io.callproof.console.ConsoleUsers.Outcome.SIGNED_IN);
    } finally {
      Await.result(service.stop());
      db.drop(vertx);
      Await.result(vertx.close());
    }
  }

  @Test
  void production_neverServesTheOutbox() throws Exception {
    try (Helpdesk helpdesk = Helpdesk.start()) {
      assertThat(get(helpdesk.service.port(), "/dev/outbox").statusCode()).isEqualTo(404);
      assertThat(get(helpdesk.service.port(), "/health").statusCode()).isEqualTo(200);
    }
  }
}
