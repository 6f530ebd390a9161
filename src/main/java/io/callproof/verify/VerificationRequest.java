package io.callproof.verify;

import io.callproof.directory.Tenant;
import java.util.UUID;

/**
 * Who is to be verified, and on whose behalf.
 *
 * @param tenant the MSP
 * @param contactId the contact the caller claims to be
 * @param callSid the call asking, or {@code null} when a technician asks outside a call
 * @param callerNumber the calling number in E.164, or {@code null} when withheld or unknown
 * @param stir the call's STIR/SHAKEN attestation as the line reported it, or {@code null}
 * @param requestedBy the technician ID when a technician started it, or {@code null}
 * @param method the method asked for ({@code push}, {@code sms}, {@code email}), or {@code null} to
 *     follow the company's policy
 */
public record VerificationRequest(
    Tenant tenant,
    UUID contactId,
    String callSid,
    String callerNumber,
    String stir,
    String requestedBy,
    String method) {}
