package io.callproof.route;

import io.vertx.core.Future;
import java.util.Map;

/**
 * Places calls from a tenant's own line. Each telephony adapter implements it, so that whoever
 * needs an outbound call says who is to be called, not which line carries it.
 */
public interface OutboundCalls {

  /**
   * Asks the tenant's line to place a call.
   *
   * @param tenantId the tenant whose line places the call
   * @param to the number to call, E.164
   * @param variables values the line hands to the call once it is answered (for Asterisk, channel
   *     variables; names in upper case, such as {@code CALLPROOF_CALL})
   * @return an id the line gives the call attempt, once the line has accepted the request (not once
   *     the call is answered); fails when the tenant has no line able to place calls or the line
   *     refuses
   */
  Future<String> place(String tenantId, String to, Map<String, String> variables);
}
