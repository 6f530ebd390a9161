package io.callproof.app;

import io.callproof.asterisk.AsteriskLine;
import io.callproof.route.OutboundCalls;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Chooses the line that places a tenant's outbound call: its PBX when one is bound to it with an
 * AMI connection, otherwise its Twilio account.
 */
final class OutboundLines implements OutboundCalls {

  private final OutboundCalls twilio;
  private final AtomicReference<AsteriskLine> asterisk = new AtomicReference<>();

  OutboundLines(OutboundCalls twilio) {
    this.twilio = twilio;
  }

  /** The Asterisk line, once it has started (it starts after the HTTP server). */
  void asterisk(AsteriskLine line) {
    asterisk.set(line);
  }

  @Override
  public Future<String> place(String tenantId, String to, Map<String, String> variables) {
    AsteriskLine line = asterisk.get();
    if (line != null && line.placesCallsFor(tenantId)) {
      return line.place(tenantId, to, variables);
    }
    return twilio.place(tenantId, to, variables);
  }
}
