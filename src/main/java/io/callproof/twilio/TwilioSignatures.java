package io.callproof.twilio;

import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code X-Twilio-Signature} as Twilio makes it: HMAC-SHA1 under the account's auth token
 * over the full URL and the sorted parameters. Twilio adds some parameters after signing ({@code
 * CallToken} is documented, {@code StirVerstat} is reported), so a signature that fails over all
 * parameters is tried again without those; such parameters are then hints only.
 */
final class TwilioSignatures {

  /** Parameters Twilio may add after it signed the request. */
  static final Set<String> ADDED_AFTER_SIGNING = Set.of("CallToken", "StirVerstat");

  private TwilioSignatures() {}

  /**
   * How a request's signature checked out.
   *
   * @param valid whether it is Twilio's
   * @param unsigned parameters that were not covered by the signature
   */
  record Verdict(boolean valid, Set<String> unsigned) {}

  /**
   * @param url the URL Twilio requested, as Twilio saw it (the public one, behind a proxy)
   * @param params every form parameter of the request
   * @param signature the header's value, or {@code null}
   */
  static Verdict check(String authToken, String url, Map<String, String> params, String signature) {
    if (signature == null || signature.isBlank()) {
      return new Verdict(false, Set.of());
    }
    RequestValidator validator = new RequestValidator(authToken);
    if (validator.validate(url, params, signature)) {
      return new Verdict(true, Set.of());
    }
    Map<String, String> signed = new HashMap<>(params);
    signed.keySet().removeAll(ADDED_AFTER_SIGNING);
    if (signed.size() < params.size() && validator.validate(url, signed, signature)) {
      Set<String> unsigned = new java.util.HashSet<>(params.keySet());
      unsigned.removeAll(signed.keySet());
      return new Verdict(true, Set.copyOf(unsigned));
    }
    return new Verdict(false, Set.of());
  }
}
