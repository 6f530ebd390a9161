package io.callproof.verify;

import java.time.Duration;
import java.util.List;

/**
 * The installation's figures every verification keeps to, and the defaults of company policies.
 * Security limits are maxima: the settings refuse larger values.
 *
 * @param codeLength digits per code, at least 6
 * @param codeLifetime default lifetime of a code, at most 10 minutes
 * @param approvalLifetime default lifetime of a push approval
 * @param maxWrongEntries wrong entries a verification allows in all, whatever the methods
 * @param maxWrongNumbers wrong numbers typed on an approval page before the verification fails
 * @param maxSilences prompts for a code answered with nothing before the verification fails
 * @param contactSendLimit codes and approvals a contact may be sent per {@code contactSendWindow}
 * @param contactSendWindow the window of the send limit
 * @param callerAttemptLimit verifications one calling number may start per hour, whatever the
 *     contact (withheld numbers share one count per tenant)
 * @param tenantTextLimit texts a tenant may send per hour
 * @param lockAfterFailures failed verifications of a contact within 24 hours that lock it
 * @param lockDurations how long the first, second and later locks within 24 hours last
 * @param trustWindow how long a number must have been registered to receive codes or enrol
 * @param defaultMethods the methods of the default policy, in order
 */
public record VerificationPolicy(
    int codeLength,
    Duration codeLifetime,
    Duration approvalLifetime,
    int maxWrongEntries,
    int maxWrongNumbers,
    int maxSilences,
    int contactSendLimit,
    Duration contactSendWindow,
    int callerAttemptLimit,
    int tenantTextLimit,
    int lockAfterFailures,
    List<Duration> lockDurations,
    Duration trustWindow,
    List<String> defaultMethods) {

  public VerificationPolicy {
    lockDurations = List.copyOf(lockDurations);
    defaultMethods = List.copyOf(defaultMethods);
  }

  /** The policy of a company that has none, and of a tenant without a default. */
  public Policy defaultPolicy() {
    return new Policy(defaultMethods, List.of(), codeLifetime, approvalLifetime);
  }

  /** How long the {@code level}th lock within 24 hours lasts (1 is the first). */
  public Duration lockDuration(int level) {
    return lockDurations.get(Math.min(level, lockDurations.size()) - 1);
  }
}
