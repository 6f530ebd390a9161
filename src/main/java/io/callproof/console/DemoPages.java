package io.callproof.console;

import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.message.DevOutbox;
import io.callproof.phone.SimulatedCall;
import io.callproof.phone.SimulatedTwilio;
import io.callproof.verify.Tokens;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Demo mode's own pages, mounted only in demo mode: the development outbox (the texts and emails
 * the demo "sent", codes and links in full, since it stands in for the contact's phone) and the
 * browser phone, a keypad that plays a call into the Twilio webhooks as Twilio would, with the
 * terminal phone's {@link SimulatedCall}. Each shows only the signed-in user's tenant.
 */
final class DemoPages {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM h:mm:ss a", Locale.US);

  /** Calls kept for the browser phone, the newest last; the oldest go beyond this many. */
  private static final int KEPT_CALLS = 50;

  private record PhoneCall(String tenantId, SimulatedCall call) {}

  private final Vertx vertx;
  private final TenantRegistry tenants;
  private final ConsoleSessions sessions;
  private final DevOutbox outbox;
  private final Optional<URI> publicUrl;
  private final Map<String, PhoneCall> calls =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PhoneCall> eldest) {
          return size() > KEPT_CALLS;
        }
      };

  /**
   * @param publicUrl where Twilio would reach the service, which signatures are checked against;
   *     empty: the address the browser used
   */
  DemoPages(
      Vertx vertx,
      TenantRegistry tenants,
      ConsoleSessions sessions,
      DevOutbox outbox,
      Optional<URI> publicUrl) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.sessions = sessions;
    this.outbox = outbox;
    this.publicUrl = publicUrl;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(4 * 1024);
    router
        .route("/console/*")
        .handler(
            ctx -> {
              ctx.put(ConsoleView.DEMO, true);
              ctx.next();
            });
    router.get("/console/demo/outbox").handler(this::outboxPage);
    router.get("/console/demo/phone").handler(this::phonePage);
    router.post("/console/demo/phone/calls").handler(body).handler(this::placeCall);
    router.get("/console/demo/phone/calls/:id").handler(this::callPage);
    router.post("/console/demo/phone/calls/:id").handler(body).handler(this::act);
    router
        .get("/assets/phone.js")
        .handler(ctx -> ConsoleView.asset(ctx, "phone.js", "text/javascript"));
  }

  private void outboxPage(RoutingContext ctx) {
    sessions.page(
        ctx,
        session -> {
          ZoneId zone = tenants.zoneOf(session.tenantId());
          List<DevOutbox.Text> texts =
              outbox.texts().stream().filter(t -> t.tenantId().equals(session.tenantId())).toList();
          StringBuilder html =
              new StringBuilder(
                  "<p class=\"note\">Demo mode: texts, emails and pushes are kept here instead of"
                      + " sent. Codes are shown in full: this page stands in for the contact's"
                      + " phone.</p>");
          if (texts.isEmpty()) {
            html.append("<p class=\"empty\" id=\"no-messages\">Nothing sent yet.</p>");
          }
          html.append("<ol class=\"results\" id=\"messages\">");
          for (DevOutbox.Text t : texts) {
            html.append("<li class=\"message\"><p><strong>To ")
                .append(Html.escape(t.to()))
                .append("</strong> <time>")
                .append(WHEN.format(t.at().atZone(zone)))
                .append("</time></p><pre class=\"body\">")
                .append(Html.escape(t.body()))
                .append("</pre></li>");
          }
          html.append("</ol><p><a href=\"/console/demo/outbox\">Refresh</a></p>");
          ConsoleView.page(ctx, 200, "Outbox", session, html.toString(), null);
        });
  }

  /** The tenant's local-only demo account, which the browser phone signs with. */
  private Optional<Tenant> demoTenant(String tenantId) {
    return tenants.byId(tenantId).filter(Tenant::devOutbox).filter(t -> t.twilio().isPresent());
  }

  private void phonePage(RoutingContext ctx) {
    sessions.page(
        ctx,
        session -> {
          Optional<Tenant> tenant = demoTenant(session.tenantId());
          if (tenant.isEmpty()) {
            ConsoleView.page(
                ctx,
                200,
                "Browser phone",
                session,
                "<p class=\"problem\">The browser phone plays calls only for a demo MSP without a"
                    + " real Twilio account.</p>",
                null);
            return;
          }
          List<String> numbers = new java.util.ArrayList<>();
          tenant.get().numbers().keySet().stream()
              .sorted()
              .forEach(
                  n -> numbers.addAll(List.of(n, n + " (" + tenant.get().numbers().get(n) + ")")));
          String html =
              "<p class=\"note\">Plays a call into the service as Twilio would (signed webhooks),"
                  + " for trying flows without a phone. Texts it triggers appear in the <a"
                  + " href=\"/console/demo/outbox\">outbox</a>.</p>"
                  + Forms.open(session, "/console/demo/phone/calls", "admin-form")
                  + Forms.field("Calling from", "from", "+13125550121", "tel", true)
                  + Forms.select("Calling", "to", numbers.isEmpty() ? "" : numbers.get(0), numbers)
                  + Forms.button("Call")
                  + "</form>";
          ConsoleView.page(ctx, 200, "Browser phone", session, html, null);
        });
  }

  private void placeCall(RoutingContext ctx) {
    sessions.change(
        ctx,
        session -> {
          Optional<Tenant> tenant = demoTenant(session.tenantId());
          String from = Forms.value(ctx, "from");
          String to = Forms.value(ctx, "to");
          if (tenant.isEmpty() || to == null || !tenant.get().numbers().containsKey(to)) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          Tenant.TwilioCredentials account = tenant.get().twilio().get();
          URI base =
              publicUrl.orElse(
                  URI.create("http://127.0.0.1:" + ctx.request().localAddress().port()));
          SimulatedTwilio twilio =
              new SimulatedTwilio(base, account.accountSid(), account.authToken());
          SimulatedCall call = twilio.call(from == null ? "anonymous" : from, to);
          String id = Tokens.newToken();
          vertx
              .executeBlocking(call::place)
              .onComplete(
                  placed -> {
                    if (placed.failed()) {
                      ConsoleView.unavailable(ctx, placed.cause());
                      return;
                    }
                    synchronized (calls) {
                      calls.put(id, new PhoneCall(session.tenantId(), call));
                    }
                    ConsoleView.redirect(ctx, "/console/demo/phone/calls/" + id);
                  });
        });
  }

  private PhoneCall find(String id, String tenantId) {
    synchronized (calls) {
      PhoneCall call = calls.get(id);
      return call != null && call.tenantId().equals(tenantId) ? call : null;
    }
  }

  private void callPage(RoutingContext ctx) {
    sessions.page(
        ctx,
        session -> {
          PhoneCall found = find(ctx.pathParam("id"), session.tenantId());
          if (found == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          SimulatedCall call = found.call();
          String action = "/console/demo/phone/calls/" + ctx.pathParam("id");
          StringBuilder html =
              new StringBuilder("<p>From ")
                  .append(Html.escape(call.from()))
                  .append(" to ")
                  .append(Html.escape(call.to()))
                  .append(": <strong id=\"line-state\">")
                  .append(state(call))
                  .append("</strong></p><h2>The line said</h2><ol id=\"heard\" class=\"heard\">");
          call.heard().forEach(h -> html.append("<li>").append(Html.escape(h)).append("</li>"));
          html.append("</ol>");
          if (call.state() == SimulatedCall.State.DIALLING) {
            html.append("<h2>What the technician's softphone is given</h2><ul id=\"legs\">");
            call.legs().stream()
                .filter(l -> !l.parameters().isEmpty())
                .forEach(
                    l ->
                        html.append("<li>")
                            .append(Html.escape(l.target()))
                            .append(": <code>")
                            .append(Html.escape(l.parameters().toString()))
                            .append("</code></li>"));
            html.append("</ul>");
          }
          if (call.state() == SimulatedCall.State.GATHERING) {
            html.append(Forms.open(session, action, "keypad"))
                .append("<div class=\"field\"><label for=\"digits\">Keys</label>")
                .append("<input id=\"digits\" name=\"digits\" inputmode=\"numeric\"")
                .append(" autocomplete=\"off\" pattern=\"[0-9*#]*\"></div><div class=\"keys\">");
            for (String key : List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")) {
              html.append("<button type=\"button\" class=\"key\" data-key=\"")
                  .append(key)
                  .append("\" aria-label=\"key ")
                  .append(key)
                  .append("\">")
                  .append(key)
                  .append("</button>");
            }
            html.append("</div><button type=\"submit\" name=\"act\" value=\"press\" id=\"send\">")
                .append("Send keys</button> <button type=\"submit\" name=\"act\" value=\"silence\"")
                .append(" class=\"secondary\" id=\"silence\">Say nothing</button></form>");
          }
          if (call.state() != SimulatedCall.State.HUNG_UP) {
            html.append(Forms.open(session, action, "inline"))
                .append("<button type=\"submit\" name=\"act\" value=\"hangup\"")
                .append(" class=\"secondary\" id=\"hangup\">Hang up</button></form>");
          }
          html.append("<p><a href=\"/console/demo/phone\">New call</a> \u00b7 <a")
              .append(" href=\"/console/demo/outbox\">Outbox</a></p>");
          ConsoleView.page(ctx, 200, "Browser phone", session, html.toString(), "phone.js");
        });
  }

  private static String state(SimulatedCall call) {
    return switch (call.state()) {
      case GATHERING -> "waiting for keys";
      case DIALLING ->
          "ringing "
              + String.join(
                  ", ", call.legs().stream().map(l -> l.kind() + " " + l.target()).toList());
      case HUNG_UP -> "call ended";
      case ERROR -> "the service answered " + call.lastReply().status();
      case NEW -> "not placed";
    };
  }

  private void act(RoutingContext ctx) {
    sessions.change(
        ctx,
        session -> {
          PhoneCall found = find(ctx.pathParam("id"), session.tenantId());
          if (found == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          SimulatedCall call = found.call();
          String act = Forms.value(ctx, "act");
          String digits = ctx.request().getFormAttribute("digits");
          vertx
              .executeBlocking(
                  () -> {
                    synchronized (call) {
                      if ("hangup".equals(act)) {
                        call.hangUp();
                      } else if (call.state() == SimulatedCall.State.GATHERING) {
                        if ("press".equals(act) && digits != null && !digits.isEmpty()) {
                          call.press(digits);
                        } else {
                          call.silence();
                        }
                      }
                      return null;
                    }
                  })
              .onComplete(
                  done -> {
                    if (done.failed()) {
                      ConsoleView.unavailable(ctx, done.cause());
                    } else {
                      ConsoleView.redirect(ctx, "/console/demo/phone/calls/" + ctx.pathParam("id"));
                    }
                  });
        });
  }
}
