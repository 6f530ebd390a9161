package io.callproof.call;

/**
 * What every log line about a call carries. Passed along explicitly, since a call's work moves
 * between threads.
 *
 * @param tenantId the tenant
 * @param callSid the line's id of the call
 * @param flow the flow it runs
 * @param step where it stands
 */
public record CallContext(String tenantId, String callSid, String flow, String step) {

  /** The same call at another step. */
  public CallContext at(String newStep) {
    return new CallContext(tenantId, callSid, flow, newStep);
  }

  @Override
  public String toString() {
    return "tenant=" + tenantId + " call=" + callSid + " flow=" + flow + " step=" + step;
  }
}
