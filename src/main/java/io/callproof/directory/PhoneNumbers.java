package io.callproof.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Phone numbers as Callproof keeps them (E.164) and shows them (masked). */
public final class PhoneNumbers {

  /** What carriers and Twilio put in the caller ID when the caller withholds it. */
  private static final Set<String> WITHHELD =
      Set.of("", "anonymous", "restricted", "private", "unknown", "unavailable", "+266696687");

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * Numbers already read, by region and number as written: every turn of a call reads the caller's
   * and the called number again, and parsing them is one of a turn's larger costs.
   */
  private static final Cache<String, Optional<String>> PARSED =
      Caffeine.newBuilder().maximumSize(20_000).build();

  private PhoneNumbers() {}

  /** Whether a raw caller ID means "number withheld". */
  public static boolean isWithheld(String raw) {
    return raw == null || WITHHELD.contains(raw.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The number in E.164 form, or empty when it is not a valid number.
   *
   * @param raw the number as written, with or without a leading {@code +}
   * @param defaultRegion the ISO 3166 region for numbers written without a country code
   */
  public static Optional<String> toE164(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    return PARSED.get(defaultRegion + " " + raw, key -> parse(raw, defaultRegion));
  }

  private static Optional<String> parse(String raw, String defaultRegion) {
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), defaultRegion);
      if (!UTIL.isValidNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** The number with all but its last four digits hidden, for logs, events and screens. */
  public static String mask(String number) {
    if (number == null || number.isBlank()) {
      return "withheld";
    }
    String digits = number.replaceAll("[^0-9]", "");
    if (digits.length() <= 4) {
      return "***";
    }
    return "***" + digits.substring(digits.length() - 4);
  }

  /** The last two digits, as the line speaks them ("your mobile ending in 4, 2"). */
  public static String ending(String e164) {
    String digits = e164.replaceAll("[^0-9]", "");
    return digits.substring(Math.max(0, digits.length() - 2));
  }
}
