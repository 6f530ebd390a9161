package io.callproof.flow;

/**
 * Work the engine needs done outside itself before it can go on. The caller of the engine runs it
 * and reports an outcome with {@link Input.TaskDone}.
 */
public sealed interface Task {

  /** Find who owns the calling number. */
  record IdentifyCaller() implements Task {}

  /** Send a one-time code to the identified contact. */
  record SendCode() implements Task {}

  /** Check what the caller entered against the call's code; the text is raw caller input. */
  record CheckCode(String entered) implements Task {}

  /** The caller was asked for the code and entered nothing. */
  record NoCodeEntered() implements Task {}
}
