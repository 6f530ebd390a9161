package io.callproof.console;

import io.callproof.directory.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** A contact as the console shows it: who, which company, how they can be reached (masked). */
final class ContactCards {

  private ContactCards() {}

  /**
   * The card of a contact of the tenant.
   *
   * @return the HTML, or {@code null} when the tenant has no such contact
   */
  static Future<String> card(Pool pool, String tenantId, UUID contact) {
    return pool.preparedQuery(
            "select c.first_name, c.last_name, c.email, c.disabled, c.authorised_requester,"
                + " co.name as company, (select string_agg(p.kind || ' ' || p.e164, ','"
                + " order by p.kind, p.e164) from contact_phone p where p.tenant_id = c.tenant_id"
                + " and p.contact_id = c.id) as phones from contact c join company co"
                + " on co.tenant_id = c.tenant_id and co.id = c.company_id"
                + " where c.tenant_id = $1 and c.id = $2")
        .execute(Tuple.of(tenantId, contact))
        .map(rows -> rows.size() == 0 ? null : html(rows.iterator().next()));
  }

  private static String html(Row row) {
    StringBuilder html = new StringBuilder("<section class=\"contact\" aria-label=\"Contact\">");
    html.append("<h2>")
        .append(Html.escape(row.getString("first_name") + " " + row.getString("last_name")))
        .append("</h2><dl><dt>Company</dt><dd>")
        .append(Html.escape(row.getString("company")))
        .append("</dd><dt>Authorised requester</dt><dd>")
        .append(Boolean.TRUE.equals(row.getBoolean("authorised_requester")) ? "yes" : "no")
        .append("</dd>");
    if (row.getString("email") != null) {
      html.append("<dt>Email</dt><dd>").append(Html.escape(row.getString("email"))).append("</dd>");
    }
    String phones = row.getString("phones");
    if (phones != null) {
      html.append("<dt>Phones</dt><dd>");
      for (String phone : phones.split(",")) {
        String[] parts = phone.split(" ", 2);
        html.append(Html.escape(parts[0]))
            .append(' ')
            .append(Html.escape(PhoneNumbers.mask(parts[1])))
            .append("<br>");
      }
      html.append("</dd>");
    }
    if (Boolean.TRUE.equals(row.getBoolean("disabled"))) {
      html.append("<dt>Status</dt><dd><strong>disabled: left the company</strong></dd>");
    }
    return html.append("</dl></section>").toString();
  }
}
