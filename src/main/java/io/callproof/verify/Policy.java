package io.callproof.verify;

import java.time.Duration;
import java.util.List;

/**
 * How a company's contacts are verified; the tenant's default applies to companies without one.
 *
 * @param methods the methods offered, in order of preference: {@code push}, {@code sms}, {@code
 *     email}
 * @param emailCountsFor the requests an {@code email-verified} caller may make (such as {@code
 *     account-unlock}); empty when email never counts
 * @param codeLifetime how long a code is accepted, at most 10 minutes
 * @param approvalLifetime how long a push approval can be answered
 */
public record Policy(
    List<String> methods,
    List<String> emailCountsFor,
    Duration codeLifetime,
    Duration approvalLifetime) {

  /** Every method a policy may name. */
  public static final List<String> METHODS = List.of("push", "sms", "email");

  /** Every request a policy may let an {@code email-verified} caller make. */
  public static final List<String> REQUESTS =
      List.of("account-unlock", "password-reset", "mfa-reset", "other");

  public Policy {
    methods = List.copyOf(methods);
    emailCountsFor = List.copyOf(emailCountsFor);
  }
}
