package io.callproof.route;

/**
 * A technician a routed call may ring.
 *
 * @param id the technician ID they give on the phone
 * @param name as callers and colleagues know them
 * @param clientIdentity their softphone's Twilio Client identity, or {@code null}
 * @param phone E.164 number to ring, with a spoken whisper, or {@code null}
 * @param sipEndpoint the Asterisk dial string of their SIP phone, such as {@code PJSIP/randy}, or
 *     {@code null}
 */
public record Technician(
    String id, String name, String clientIdentity, String phone, String sipEndpoint) {}
