package io.callproof.directory;

import java.util.UUID;

/**
 * A contact whose registered number matched the calling number.
 *
 * @param contactId the contact
 * @param firstName as the line greets them
 * @param lastName for the technician's badge
 * @param company the contact's company's name
 * @param authorisedRequester whether the contact may ask for sensitive actions (password or MFA
 *     reset, account unlock)
 */
public record Caller(
    UUID contactId,
    String firstName,
    String lastName,
    String company,
    boolean authorisedRequester) {

  /** First and last name, as a technician reads it. */
  public String fullName() {
    return firstName + " " + lastName;
  }
}
