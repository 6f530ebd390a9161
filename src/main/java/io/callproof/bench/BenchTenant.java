package io.callproof.bench;

import io.callproof.audit.AuditTrail;
import io.callproof.crypto.Key;
import io.callproof.crypto.Sealer;
import io.callproof.directory.TenantImport;
import io.callproof.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The tenant a run calls: one MSP with a Twilio account made up for the run, one helpdesk number,
 * and many contacts, each with a mobile of its own registered years ago, so that every caller is
 * trusted for codes and no contact reaches the send limit within a run.
 */
final class BenchTenant {

  static final String ID = "bench-msp";
  static final String HELPDESK = "+12126990000";
  private static final String TOKEN_VARIABLE = "BENCH_TWILIO_AUTH_TOKEN";
  private static final int CONTACTS_PER_COMPANY = 100;
  private static final int TECHNICIANS = 5;

  private final String accountSid;
  private final String authToken;
  private final List<String> mobiles;

  private BenchTenant(String accountSid, String authToken, List<String> mobiles) {
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.mobiles = mobiles;
  }

  /** A tenant with {@code contacts} contacts and fresh Twilio credentials. */
  static BenchTenant generate(int contacts) {
    SecureRandom random = new SecureRandom();
    byte[] sid = new byte[16];
    byte[] token = new byte[16];
    random.nextBytes(sid);
    random.nextBytes(token);
    List<String> mobiles = new ArrayList<>(contacts);
    for (int i = 0; i < contacts; i++) {
      mobiles.add("+1212" + (7_000_000 + i));
    }
    return new BenchTenant(
        "AC" + HexFormat.of().formatHex(sid), HexFormat.of().formatHex(token), mobiles);
  }

  String accountSid() {
    return accountSid;
  }

  String authToken() {
    return authToken;
  }

  /** Every contact's mobile, E.164, one contact each. */
  List<String> mobiles() {
    return mobiles;
  }

  /** Writes the tenant with the service's own import, as {@code callproof import} would. */
  Future<Void> importInto(Vertx vertx, String dbUrl, Key installationKey) {
    TenantImport importer =
        new TenantImport(
            new Sealer(installationKey), name -> TOKEN_VARIABLE.equals(name) ? authToken : null);
    TenantImport.Plan plan;
    try {
      plan = importer.check("generated bench tenant", yaml(), Optional.empty(), false);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Database.open(vertx, dbUrl, dbUrl, 1)
        .compose(
            db ->
                importer
                    .write(db.pool(), plan, new AuditTrail(), Instant.now())
                    .eventually(
                        () -> {
                          db.close();
                          return Future.succeededFuture();
                        }));
  }

  /** The tenant as the import's YAML. */
  String yaml() {
    StringBuilder y = new StringBuilder(200 * mobiles.size());
    y.append("tenant:\n")
        .append("  id: ")
        .append(ID)
        .append('\n')
        .append("  name: Bench MSP\n")
        .append("  time_zone: America/New_York\n")
        .append("  default_region: US\n")
        .append("  twilio:\n")
        .append("    account_sid: ")
        .append(accountSid)
        .append('\n')
        .append("    auth_token_env: ")
        .append(TOKEN_VARIABLE)
        .append('\n')
        .append("    from: \"+12126990001\"\n")
        .append("  fallback_number: \"+12126990002\"\n")
        .append("  numbers:\n")
        .append("    \"")
        .append(HELPDESK)
        .append("\": helpdesk\n")
        .append("companies:\n");
    for (int i = 0; i < mobiles.size(); i++) {
      if (i % CONTACTS_PER_COMPANY == 0) {
        y.append("  - name: Company ")
            .append(i / CONTACTS_PER_COMPANY + 1)
            .append('\n')
            .append("    contacts:\n");
      }
      y.append("      - first_name: Caller\n")
          .append("        last_name: Number")
          .append(i + 1)
          .append('\n')
          .append("        phones:\n")
          .append("          - {kind: mobile, number: \"")
          .append(mobiles.get(i))
          .append("\", registered: 2020-01-06}\n");
    }
    y.append("technicians:\n");
    for (int t = 1; t <= TECHNICIANS; t++) {
      y.append("  - id: \"")
          .append(4800 + t)
          .append("\"\n")
          .append("    name: Technician ")
          .append(t)
          .append('\n')
          .append("    client: tech")
          .append(t)
          .append('\n');
    }
    return y.toString();
  }
}
