package io.callproof.call;

/**
 * A call as the line reports it when it comes in.
 *
 * @param callSid the line's id of the call
 * @param line which adapter carries it: {@code twilio} or {@code asterisk}
 * @param from the caller ID exactly as reported (may be withheld or malformed)
 * @param to the number called, as reported
 * @param stir the STIR/SHAKEN attestation the line reported (such as {@code
 *     TN-Validation-Passed-A}), or {@code null}; a hint that can only raise the bar
 */
public record IncomingCall(String callSid, String line, String from, String to, String stir) {}
