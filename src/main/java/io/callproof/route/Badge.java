package io.callproof.route;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a technician is told about a caller before picking up: one word from the shared vocabulary,
 * how it was reached, and who the caller claims to be. The same badge travels as softphone
 * parameters, as a spoken whisper, on screen and in the audit trail.
 *
 * @param word what was proven
 * @param method how, for a verified caller (such as {@code sms-code}); otherwise {@code null}
 * @param reason why, where the word alone does not say (such as {@code wrong-codes})
 * @param contact the contact's full name, or {@code null} when nobody was identified
 * @param company the contact's company, or {@code null}
 * @param authorised whether the contact is an authorised requester ({@code yes} or {@code no}), or
 *     {@code null} when nobody was identified
 * @param risk risk signals, comma-separated (such as {@code stir-failed}, {@code self-identified}),
 *     or {@code null}
 */
public record Badge(
    Word word,
    String method,
    String reason,
    String contact,
    String company,
    String authorised,
    String risk,
    String intent) {

  /** A badge that says nothing of why the caller calls. */
  public Badge(
      Word word,
      String method,
      String reason,
      String contact,
      String company,
      String authorised,
      String risk) {
    this(word, method, reason, contact, company, authorised, risk, null);
  }

  /** The badge vocabulary, as every part of Callproof spells it. */
  public enum Word {
    VERIFIED,
    EMAIL_VERIFIED,
    CALLER_ID,
    UNVERIFIED,
    FAILED,
    DENIED,
    LOCKED,
    PENDING;

    /** The word as written everywhere: {@code caller-id}, {@code email-verified}. */
    public String spelling() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The word of this spelling. */
    public static Word of(String spelling) {
      return valueOf(spelling.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** Nobody identified, nothing proven. */
  public static Badge unverified(String reason) {
    return new Badge(Word.UNVERIFIED, null, reason, null, null, null, null);
  }

  /** The badge with another word, method and reason, for the same caller. */
  public Badge as(Word newWord, String newMethod, String newReason) {
    return new Badge(newWord, newMethod, newReason, contact, company, authorised, risk, intent);
  }

  /** The badge with one more risk signal. */
  public Badge withRisk(String signal) {
    String all = risk == null ? signal : risk + "," + signal;
    return new Badge(word, method, reason, contact, company, authorised, all, intent);
  }

  /** The badge with why the caller says they call, such as {@code password-reset}. */
  public Badge withIntent(String newIntent) {
    return new Badge(word, method, reason, contact, company, authorised, risk, newIntent);
  }

  /** The badge's fields by name, as {@code <Client>} parameters, headers and JSON carry it. */
  public Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("badge", word.spelling());
    put(fields, "method", method);
    put(fields, "reason", reason);
    put(fields, "contact", contact);
    put(fields, "company", company);
    put(fields, "authorised", authorised);
    put(fields, "risk", risk);
    put(fields, "intent", intent);
    return fields;
  }

  /** Reads a badge back from {@link #fields()}. */
  public static Badge fromFields(Map<String, ?> fields) {
    return new Badge(
        Word.of(String.valueOf(fields.get("badge"))),
        str(fields.get("method")),
        str(fields.get("reason")),
        str(fields.get("contact")),
        str(fields.get("company")),
        str(fields.get("authorised")),
        str(fields.get("risk")),
        str(fields.get("intent")));
  }

  /**
   * One sentence a technician hears before the call is put through, and why the caller calls when
   * they said so.
   */
  public String spoken() {
    return intent == null
        ? sentence()
        : sentence() + " Calling about: " + intent.replace('-', ' ') + ".";
  }

  private String sentence() {
    String who = contact == null ? "" : contact + (company == null ? "" : " from " + company);
    String why = reason == null ? "" : " Reason: " + reason.replace('-', ' ') + ".";
    switch (word) {
      case VERIFIED:
        return "Verified caller: " + who + ", by " + spokenMethod() + "." + spokenExtras();
      case EMAIL_VERIFIED:
        return "Email verified caller: " + who + ". Email is weaker than a phone." + spokenExtras();
      case CALLER_ID:
        return "Caller ID match only: " + who + ". Not verified." + why;
      case FAILED:
        return "Verification failed for a caller claiming to be " + who + "." + why;
      case DENIED:
        return "Warning: " + who + " denied this request. Possible fraud.";
      case LOCKED:
        return "Locked out after repeated failed verifications: " + who + ". Not verified.";
      case PENDING:
        return "Verification pending for " + who + ".";
      default:
        return "Unverified caller." + why;
    }
  }

  private String spokenMethod() {
    return switch (String.valueOf(method)) {
      case "sms-code" -> "text message code";
      case "push" -> "push approval";
      default -> String.valueOf(method);
    };
  }

  private String spokenExtras() {
    String extras = "";
    if ("yes".equals(authorised)) {
      extras += " Authorised requester.";
    } else if ("no".equals(authorised)) {
      extras += " Not an authorised requester.";
    }
    if (risk != null && risk.contains("stir-failed")) {
      extras += " Warning: the caller ID failed carrier validation.";
    }
    return extras;
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
