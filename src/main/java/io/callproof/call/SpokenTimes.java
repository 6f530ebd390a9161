package io.callproof.call;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** When something happened, as the line says it in en-US: in the listener's own time zone. */
final class SpokenTimes {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);

  private SpokenTimes() {}

  /** Such as {@code today at 2:14 PM}, {@code yesterday at 9:05 AM}. */
  static String when(Instant at, Instant now, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    LocalDate today = now.atZone(zone).toLocalDate();
    String time = TIME.format(local);
    if (local.toLocalDate().equals(today)) {
      return "today at " + time;
    }
    if (local.toLocalDate().equals(today.minusDays(1))) {
      return "yesterday at " + time;
    }
    return "on " + DAY.format(local) + " at " + time;
  }

  /** Such as {@code a few minutes ago}, {@code about 40 minutes ago}, {@code about 3 hours ago}. */
  static String ago(Instant at, Instant now) {
    long minutes = Math.max(0, Duration.between(at, now).toMinutes());
    if (minutes < 15) {
      return "a few minutes ago";
    }
    if (minutes < 60) {
      return "about " + minutes + " minutes ago";
    }
    long hours = Math.round(minutes / 60.0);
    return hours == 1 ? "about an hour ago" : "about " + hours + " hours ago";
  }
}
