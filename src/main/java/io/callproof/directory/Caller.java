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
 * @param language the locale the contact is spoken to in ({@code en-US}, {@code fr-CA}), or {@code
 *     null} to keep the number's
 */
public record Caller(
    UUID contactId,
    String firstName,
    String lastName,
    String company,
    boolean authorisedRequester,
    String language) {

  /** First and last name, as a technician reads it. */
  public String fullName() {
    return firstName + " " + lastName;
  }
}
