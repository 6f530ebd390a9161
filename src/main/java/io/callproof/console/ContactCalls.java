package io.callproof.console;

import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.route.OutboundService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact card's "Call" button: a verified outbound call from the signed-in technician to the
 * contact's registered number, placed as the technicians' API places it ({@code POST /api/calls}).
 */
final class ContactCalls {

  private static final Logger log = LoggerFactory.getLogger(ContactCalls.class);

  private final TenantRegistry tenants;
  private final ConsoleSessions sessions;
  private final OutboundService outbound;

  ContactCalls(TenantRegistry tenants, ConsoleSessions sessions, OutboundService outbound) {
    this.tenants = tenants;
    this.sessions = sessions;
    this.outbound = outbound;
  }

  void mount(Router router) {
    router
        .post("/console/contacts/:id/call")
        .handler(BodyHandler.create(false).setBodyLimit(4 * 1024))
        .handler(this::call);
  }

  /** The button, for a user who is a technician; empty for anyone else. */
  static String button(ConsoleSessions.Session session, UUID contact) {
    if (session.user().technicianId() == null) {
      return "";
    }
    return Forms.open(session, "/console/contacts/" + contact + "/call", "call-contact")
        + "<button type=\"submit\" id=\"call-contact\">\u260e Call</button>"
        + " <span class=\"note\">rings the contact's registered number from the MSP's line, then"
        + " you</span></form>";
  }

  private void call(RoutingContext ctx) {
    sessions.change(
        ctx,
        session -> {
          UUID contact = Ids.uuid(ctx.pathParam("id"));
          Tenant tenant = tenants.byId(session.tenantId()).orElse(null);
          String technician = session.user().technicianId();
          if (contact == null || tenant == null || technician == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          outbound
              .place(tenant, technician, contact)
              .onComplete(
                  placed -> {
                    if (placed.failed()) {
                      ConsoleView.unavailable(ctx, placed.cause());
                      return;
                    }
                    OutboundService.Result result = placed.result();
                    log.info(
                        "tenant={} technician {} asked to call contact {}: {}",
                        tenant.id(),
                        technician,
                        contact,
                        result.status());
                    switch (result.status()) {
                      case NOT_FOUND -> ConsoleView.notFound(ctx, session);
                      case PLACED ->
                          ConsoleView.page(
                              ctx,
                              201,
                              "Calling",
                              session,
                              "<p class=\"done\" role=\"status\" id=\"call-status\">\u260e The"
                                  + " call is placed: the contact's phone rings, then yours.</p>",
                              null);
                      default ->
                          ConsoleView.page(
                              ctx,
                              422,
                              "Not called",
                              session,
                              "<p class=\"problem\" role=\"alert\" id=\"call-status\">The call"
                                  + " was not placed: "
                                  + Html.escape(result.reason())
                                  + ".</p>",
                              null);
                    }
                  });
        });
  }
}
