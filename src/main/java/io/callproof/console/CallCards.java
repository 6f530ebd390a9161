package io.callproof.console;

import io.callproof.directory.PhoneNumbers;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * A call as the console shows it: the badge as a word with its own symbol (readable without
 * colour), who the caller is or "unknown", the masked number, the step, and the signals beside the
 * badge. A denied call is marked as possible fraud.
 */
final class CallCards {

  static final String COLUMNS =
      "call_sid, from_number, step, badge, status, started_at, contact_id";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  /** The symbol beside each badge word; the word itself is always written out too. */
  private static final Map<String, String> SYMBOLS =
      Map.of(
          "verified", "\u2714",
          "email-verified", "\u2709",
          "caller-id", "\u260E",
          "unverified", "?",
          "failed", "\u2716",
          "denied", "\u26A0",
          "locked", "\u2298",
          "pending", "\u2026");

  private CallCards() {}

  /** The badge word with its symbol, as an inline element. */
  static String badge(String word) {
    String w = SYMBOLS.containsKey(word) ? word : "unverified";
    return "<span class=\"badge badge-"
        + w
        + "\"><span aria-hidden=\"true\">"
        + SYMBOLS.get(w)
        + "</span> "
        + Html.escape(w)
        + "</span>";
  }

  /** The list item of one call, linking to its page. */
  static String card(Row row, ZoneId zone) {
    JsonObject badge = row.getJsonObject("badge");
    String word = badge.getString("badge", "unverified");
    String sid = row.getString("call_sid");
    boolean fraud = "denied".equals(word);
    StringBuilder html = new StringBuilder();
    html.append("<li class=\"call")
        .append(fraud ? " fraud" : "")
        .append("\" id=\"call-")
        .append(Html.escape(sid))
        .append("\" data-badge=\"")
        .append(Html.escape(word))
        .append("\"><a href=\"/console/calls/")
        .append(Html.escape(sid))
        .append("\">")
        .append(badge(word));
    if (fraud) {
      html.append(" <strong class=\"alert\">Possible fraud</strong>");
    }
    html.append(" <span class=\"who\">")
        .append(Html.escape(who(badge)))
        .append("</span> <span class=\"number\">")
        .append(Html.escape(PhoneNumbers.mask(row.getString("from_number"))))
        .append("</span></a><span class=\"facts\">")
        .append(fact("step", row.getString("step")))
        .append(fact("status", row.getString("status")))
        .append(fact("method", badge.getString("method")))
        .append(fact("reason", badge.getString("reason")))
        .append(fact("authorised requester", badge.getString("authorised")))
        .append(fact("risk", badge.getString("risk")))
        .append(fact("calling about", badge.getString("intent")))
        .append(
            fact("since", TIME.format(row.getOffsetDateTime("started_at").atZoneSameInstant(zone))))
        .append("</span></li>");
    return html.toString();
  }

  /** "Dana Reyes, Ajax Dental", or "unknown". */
  static String who(JsonObject badge) {
    String contact = badge.getString("contact");
    if (contact == null || contact.isBlank()) {
      return "unknown";
    }
    String company = badge.getString("company");
    return company == null ? contact : contact + ", " + company;
  }

  private static String fact(String label, String value) {
    if (value == null || value.isBlank()) {
      return "";
    }
    return "<span class=\"fact\"><span class=\"label\">"
        + Html.escape(label)
        + ":</span> "
        + Html.escape(value)
        + "</span> ";
  }
}
