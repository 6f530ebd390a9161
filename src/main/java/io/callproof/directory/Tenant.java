package io.callproof.directory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MSP and how its lines reach Callproof.
 *
 * @param id short stable id, such as {@code secure-it}
 * @param name the MSP's name as callers hear it
 * @param timeZone IANA time zone, such as {@code America/Chicago}
 * @param defaultRegion ISO 3166 region for numbers written without a country code
 * @param twilio the Twilio account whose webhooks speak for this tenant, if any
 * @param fallbackNumber E.164 number the static fallback answer dials, if any
 * @param numbers the tenant's inbound numbers (E.164) and the flow each runs
 * @param numberLanguages the locale each inbound number (E.164) speaks in, for those that name one
 * @param devOutbox whether its texts go to the development outbox (demo data without a real Twilio
 *     account); never honoured in production
 */
public record Tenant(
    String id,
    String name,
    String timeZone,
    String defaultRegion,
    Optional<TwilioCredentials> twilio,
    Optional<String> fallbackNumber,
    Map<String, String> numbers,
    Map<String, String> numberLanguages,
    boolean devOutbox) {

  public Tenant {
    numbers = Map.copyOf(numbers);
    numberLanguages = Map.copyOf(numberLanguages);
  }

  /**
   * The tenant's inbound numbers (E.164) in the order a person trying the line wants them: the
   * helpdesk in the installation's language first, then helpdesk lines in another language, then
   * every other flow; numbers in order within each.
   */
  public List<String> numbersInOrder() {
    return numbers.keySet().stream()
        .sorted(
            Comparator.comparing(
                    (String n) ->
                        !"helpdesk".equals(numbers.get(n))
                            ? 2
                            : numberLanguages.containsKey(n) ? 1 : 0)
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  /**
   * The tenant's verification hotline: the first (in order) of its numbers that runs the flow
   * {@code hotline}, E.164; empty when it has none.
   */
  public Optional<String> hotlineNumber() {
    return numbers.entrySet().stream()
        .filter(e -> "hotline".equals(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  /**
   * A tenant's Twilio account, with its auth token opened from storage.
   *
   * @param accountSid {@code AC...}
   * @param authToken signs the account's webhooks and authenticates its REST calls
   * @param from E.164 number texts are sent from
   */
  public record TwilioCredentials(String accountSid, String authToken, String from) {
    @Override
    public String toString() {
      return "TwilioCredentials[" + accountSid + "]";
    }
  }
}
