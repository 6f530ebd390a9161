package io.callproof.verify;

import java.time.Duration;

/**
 * The figures a verification keeps to. Security limits are maxima: the settings refuse larger
 * values.
 *
 * @param codeLength digits per code, at least 6
 * @param codeLifetime how long a code is accepted, at most 10 minutes
 * @param maxWrongEntries wrong entries a verification allows in all, however many codes it sends
 * @param maxSilences prompts for a code answered with nothing before the verification fails
 * @param contactSendLimit codes a contact may be sent per {@code contactSendWindow}
 * @param contactSendWindow the window of the send limit
 * @param trustWindow how long a number must have been registered to receive codes
 */
public record VerificationPolicy(
    int codeLength,
    Duration codeLifetime,
    int maxWrongEntries,
    int maxSilences,
    int contactSendLimit,
    Duration contactSendWindow,
    Duration trustWindow) {}
