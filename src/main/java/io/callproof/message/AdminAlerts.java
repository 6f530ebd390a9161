package io.callproof.message;

import io.callproof.directory.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a tenant's administrators by email when Callproof raises an alert: a push refused as "this
 * was not me" (possible fraud), a hotline caller whom no technician phoned (possible
 * impersonation), a contact locked out. The emails are queued in the outbox within the transaction
 * that records the alert's audit event, so that an alert is mailed if and only if it was recorded,
 * and the outbox worker sends them (through SMTP, or into the development outbox in demo mode).
 * Phone numbers in them are masked as in logs; they never hold a code or a token.
 */
public final class AdminAlerts {

  /** Finds the people to alert. */
  @FunctionalInterface
  public interface Administrators {
    /** The email addresses of the tenant's administrators; empty when it has none. */
    Future<List<String>> emails(SqlClient client, String tenantId);
  }

  /**
   * One alert.
   *
   * @param subject what happened, in a few words, such as {@code Possible fraud: a push approval
   *     was refused}
   * @param callSid the call it happened on, or {@code null}
   * @param contactId the contact it concerns, or {@code null}
   * @param callerNumber the calling number as the line gave it (masked in the email), or {@code
   *     null} when there is none
   * @param details further lines in order, label to value; never a code, a token or a full number
   */
  public record Alert(
      String subject,
      String callSid,
      UUID contactId,
      String callerNumber,
      Map<String, String> details) {

    public Alert {
      details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }

  private static final Logger log = LoggerFactory.getLogger(AdminAlerts.class);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, h:mm a (VV)", Locale.US);

  private final Outbox outbox;
  private final Administrators administrators;
  private final boolean emailAvailable;

  /**
   * @param emailAvailable whether emails can be sent at all (an SMTP server, or the demo's
   *     development outbox); without it alerts stay in the audit trail and the log
   */
  public AdminAlerts(Outbox outbox, Administrators administrators, boolean emailAvailable) {
    this.outbox = outbox;
    this.administrators = administrators;
    this.emailAvailable = emailAvailable;
  }

  /** Alerts that mail nobody, where no outbox is wired (tools, some tests). */
  public static AdminAlerts none() {
    return new AdminAlerts(null, (client, tenantId) -> Future.succeededFuture(List.of()), false);
  }

  /**
   * Queues one email per administrator of the tenant within {@code tx}.
   *
   * @return how many emails were queued
   */
  public Future<Integer> raise(SqlClient tx, String tenantId, Alert alert, Instant now) {
    if (!emailAvailable) {
      return Future.succeededFuture(0);
    }
    return administrators
        .emails(tx, tenantId)
        .compose(
            addresses -> {
              if (addresses.isEmpty()) {
                log.info(
                    "tenant={} call={} alert not mailed: the tenant has no administrator",
                    tenantId,
                    alert.callSid());
                return Future.succeededFuture(0);
              }
              return describe(tx, tenantId, alert.contactId())
                  .compose(about -> queue(tx, tenantId, addresses, alert, about, now));
            });
  }

  private record About(String msp, ZoneId zone, String contact) {}

  private static Future<About> describe(SqlClient tx, String tenantId, UUID contactId) {
    return tx.preparedQuery(
            "select t.name as msp, t.time_zone, c.first_name, c.last_name, co.name as company"
                + " from tenant t"
                + " left join contact c on c.tenant_id = t.id and c.id = $2"
                + " left join company co on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " where t.id = $1")
        .execute(Tuple.of(tenantId, contactId))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              String contact =
                  row.getString("first_name") == null
                      ? null
                      : row.getString("first_name")
                          + " "
                          + row.getString("last_name")
                          + ", "
                          + row.getString("company");
              return new About(row.getString("msp"), zone(row.getString("time_zone")), contact);
            });
  }

  private static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private Future<Integer> queue(
      SqlClient tx,
      String tenantId,
      List<String> addresses,
      Alert alert,
      About about,
      Instant now) {
    String subject = "Callproof alert for " + about.msp() + ": " + alert.subject();
    String body = body(alert, about, now);
    Future<Void> queued = Future.succeededFuture();
    for (String address : addresses) {
      queued =
          queued.compose(
              v -> outbox.queueEmail(tx, tenantId, null, null, address, subject, body, now));
    }
    return queued.map(
        v -> {
          log.info(
              "tenant={} call={} alert queued for {} administrator(s)",
              tenantId,
              alert.callSid(),
              addresses.size());
          return addresses.size();
        });
  }

  /** The email's text: one labelled line per fact. */
  static String body(Alert alert, About about, Instant now) {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("What", alert.subject());
    lines.put("When", WHEN.format(now.atZone(about.zone())));
    if (alert.callerNumber() != null) {
      lines.put(
          "Calling number",
          PhoneNumbers.isWithheld(alert.callerNumber()) || "withheld".equals(alert.callerNumber())
              ? "withheld"
              : "ending " + PhoneNumbers.mask(alert.callerNumber()).replace("***", ""));
    }
    if (about.contact() != null) {
      lines.put("Contact", about.contact());
    }
    if (alert.callSid() != null) {
      lines.put("Call", alert.callSid());
    }
    lines.putAll(alert.details());
    List<String> text = new ArrayList<>();
    text.add("Callproof raised an alert for " + about.msp() + ".");
    text.add("");
    lines.forEach((label, value) -> text.add(label + ": " + value));
    text.add("");
    text.add("The call's audit events are on the console's events page.");
    return String.join("\n", text) + "\n";
  }
}
