package io.callproof.call;

/** A line referred to a call Callproof has no record of. */
public final class UnknownCallException extends RuntimeException {

  UnknownCallException(String callSid) {
    super("no call " + callSid + " is on record");
  }
}
