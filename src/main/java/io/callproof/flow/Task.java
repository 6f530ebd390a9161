package io.callproof.flow;

/**
 * Work the engine needs done outside itself before it can go on. The caller of the engine runs it
 * and reports an outcome with {@link Input.TaskDone}.
 */
public sealed interface Task {

  /** Find who owns the calling number. */
  record IdentifyCaller() implements Task {}

  /** Find the contact the caller keyed in (an employee number or a direct number). */
  record IdentifySelf(String entered) implements Task {}

  /** Start a verification of the identified contact by the method its policy allows. */
  record StartVerification() implements Task {}

  /** Text a code for the call's verification, or start one by text. */
  record SendCode() implements Task {}

  /** Look at the call's push approval; {@code star} when the caller pressed {@code *}. */
  record CheckApproval(boolean star) implements Task {}

  /** Check what the caller entered against the call's code; the text is raw caller input. */
  record CheckCode(String entered) implements Task {}

  /** The caller was asked for the code and entered nothing. */
  record NoCodeEntered() implements Task {}

  /**
   * Record why the caller is calling, for the technician's badge and the audit trail.
   *
   * @param intent one of the intent catalog's intents
   */
  record RecordIntent(String intent) implements Task {}

  /** Find the latest recent outbound call to the (verified) caller. */
  record CheckRecentCalls() implements Task {}

  /** Check a technician ID the caller keyed in; the text is raw caller input. */
  record CheckTechnician(String entered) implements Task {}

  /**
   * Report that someone may be impersonating the MSP to this caller.
   *
   * @param reason why, such as {@code no-recent-call} or {@code unknown-technician}
   */
  record ReportImpersonation(String reason) implements Task {}
}
