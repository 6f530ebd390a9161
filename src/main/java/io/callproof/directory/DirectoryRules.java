package io.callproof.directory;

import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a directory value must be, and how its mistake is said, shared by the tenant file, the
 * contacts import and the administration so that each rule is written once. Each check answers
 * {@code null} when the value is right, or the problem without its place ({@code "'+1555' is not a
 * valid phone number"}), for the caller to prefix with the field, path or row and column.
 */
final class DirectoryRules {

  /**
   * An Asterisk dial string for one endpoint. Characters that separate dial strings or arguments in
   * a dialplan ({@code &}, {@code ,}, {@code ^}, parentheses, spaces) are not allowed, so that a
   * directory entry can never add a target or an option to {@code Dial}.
   */
  private static final Pattern SIP_ENDPOINT =
      Pattern.compile("[A-Z][A-Z0-9]{1,9}/[A-Za-z0-9._@:-]{1,80}");

  private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+\\.[^@\\s,;<>]+");

  /** Languages a contact may be spoken to in: the prompt catalogs' locales. */
  static final List<String> LANGUAGES = List.of("en-US", "fr-CA");

  private DirectoryRules() {}

  /** The problem of a number that {@link PhoneNumbers#toE164} did not accept. */
  static String notAPhoneNumber(String raw) {
    return "'" + (raw == null ? "" : raw) + "' is not a valid phone number";
  }

  static String zoneProblem(String zone) {
    try {
      ZoneId.of(zone.trim());
      return null;
    } catch (RuntimeException e) {
      return "'" + zone + "' is not a time zone (such as America/Chicago)";
    }
  }

  static String sipProblem(String sip) {
    return SIP_ENDPOINT.matcher(sip).matches()
        ? null
        : "'"
            + sip
            + "' is not an Asterisk dial string such as PJSIP/randy (technology, '/',"
            + " then letters, digits, '.', '_', '-', '@' or ':')";
  }

  static String emailProblem(String email) {
    return EMAIL.matcher(email).matches() ? null : "'" + email + "' is not an email address";
  }

  static String languageProblem(String language) {
    return LANGUAGES.contains(language)
        ? null
        : "'" + language + "' is not a language (expected en-US or fr-CA)";
  }
}
