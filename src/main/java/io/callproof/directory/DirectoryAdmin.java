package io.callproof.directory;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.verify.Policy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An administrator's changes to a tenant's directory: companies and their policies, contacts and
 * their numbers and devices, technicians, and the flow each number runs. Each change is checked
 * first (a bad value fails with an {@link IllegalArgumentException} naming the field and changes
 * nothing), then written in one transaction with its audit event. Every change names its tenant;
 * one that names another tenant's row finds nothing and answers {@code false}.
 */
public final class DirectoryAdmin {

  /** A contact's editable fields. {@code language} is {@code en-US}, {@code fr-CA} or null. */
  public record ContactChange(
      String firstName,
      String lastName,
      String email,
      String employeeId,
      boolean authorisedRequester,
      boolean disabled,
      String language) {}

  /**
   * A technician's fields.
   *
   * @param client Twilio Client identity, or null
   * @param phone the number as typed, or null
   * @param sip an Asterisk dial string such as {@code PJSIP/randy}, or null
   */
  public record TechnicianChange(
      String id, String name, String client, String phone, String sip, boolean active) {}

  /**
   * A company's policy.
   *
   * @param methods in order; empty: the company follows the tenant's default
   */
  public record PolicyChange(List<String> methods, int codeMinutes, int approvalMinutes) {}

  private final Pool pool;
  private final AuditTrail audit;

  public DirectoryAdmin(Pool pool, AuditTrail audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /** Adds a company; its id. */
  public Future<UUID> addCompany(
      String tenantId, String name, String timeZone, String by, Instant now) {
    try {
      requireText("name", name);
      zone(timeZone);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    UUID id = UUID.randomUUID();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "insert into company (tenant_id, id, name, time_zone) values ($1, $2, $3, $4)"
                        + " on conflict (tenant_id, name) do nothing")
                .execute(Tuple.of(tenantId, id, name.trim(), timeZone.trim()))
                .compose(
                    r ->
                        r.rowCount() == 0
                            ? Future.failedFuture(
                                new IllegalArgumentException(
                                    "name: a company called '" + name.trim() + "' exists already"))
                            : event(
                                tx,
                                tenantId,
                                now,
                                "company-added",
                                null,
                                Map.of("company", id.toString(), "name", name.trim(), "by", by)))
                .map(v -> id));
  }

  /** Changes a company's name, time zone and policy; {@code false} when the tenant has none. */
  public Future<Boolean> updateCompany(
      String tenantId,
      UUID company,
      String name,
      String timeZone,
      PolicyChange policy,
      String by,
      Instant now) {
    try {
      requireText("name", name);
      zone(timeZone);
      checkPolicy(policy);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "update company set name = $3, time_zone = $4 where tenant_id = $1 and id = $2"
                        + " and not exists (select 1 from company o where o.tenant_id = $1"
                        + " and o.id <> $2 and o.name = $3)")
                .execute(Tuple.of(tenantId, company, name.trim(), timeZone.trim()))
                .compose(
                    r -> {
                      if (r.rowCount() == 1) {
                        return writePolicy(tx, tenantId, company, policy)
                            .compose(
                                v ->
                                    event(
                                        tx,
                                        tenantId,
                                        now,
                                        "company-changed",
                                        null,
                                        Map.of(
                                            "company", company.toString(),
                                            "name", name.trim(),
                                            "time_zone", timeZone.trim(),
                                            "methods",
                                                policy.methods().isEmpty()
                                                    ? "tenant-default"
                                                    : String.join(",", policy.methods()),
                                            "by", by)))
                            .map(true);
                      }
                      return exists(tx, "company", tenantId, company)
                          .compose(
                              found ->
                                  found
                                      ? Future.failedFuture(
                                          new IllegalArgumentException(
                                              "name: another company is called '"
                                                  + name.trim()
                                                  + "'"))
                                      : Future.succeededFuture(false));
                    }));
  }

  private static Future<Boolean> exists(SqlConnection tx, String table, String tenantId, UUID id) {
    return tx.preparedQuery("select 1 from " + table + " where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(r -> r.size() > 0);
  }

  private static void checkPolicy(PolicyChange policy) {
    for (String method : policy.methods()) {
      if (!Policy.METHODS.contains(method)) {
        throw new IllegalArgumentException(
            "methods: '" + method + "' is not a method (expected push, sms, email)");
      }
    }
    if (policy.methods().stream().distinct().count() != policy.methods().size()) {
      throw new IllegalArgumentException("methods: each method may be named once");
    }
    minutes("code_minutes", policy.codeMinutes());
    minutes("approval_minutes", policy.approvalMinutes());
  }

  private static void minutes(String field, int minutes) {
    if (minutes < 1 || minutes > 10) {
      throw new IllegalArgumentException(field + ": " + minutes + " must be from 1 to 10 minutes");
    }
  }

  private static Future<Void> writePolicy(
      SqlConnection tx, String tenantId, UUID company, PolicyChange policy) {
    Future<Void> removed =
        tx.preparedQuery("delete from policy where tenant_id = $1 and company_id = $2")
            .execute(Tuple.of(tenantId, company))
            .mapEmpty();
    if (policy.methods().isEmpty()) {
      return removed;
    }
    return removed.compose(
        v ->
            tx.preparedQuery(
                    "insert into policy (tenant_id, company_id, methods, email_counts_for,"
                        + " code_ttl_seconds, approval_ttl_seconds) values ($1, $2, $3, $4, $5,"
                        + " $6)")
                .execute(
                    Tuple.of(
                        tenantId,
                        company,
                        policy.methods().toArray(new String[0]),
                        new String[0],
                        policy.codeMinutes() * 60,
                        policy.approvalMinutes() * 60))
                .mapEmpty());
  }

  /** Changes a contact's fields; {@code false} when the tenant has no such contact. */
  public Future<Boolean> updateContact(
      String tenantId, UUID contact, ContactChange change, String by, Instant now) {
    try {
      requireText("first_name", change.firstName());
      requireText("last_name", change.lastName());
      if (change.email() != null && DirectoryRules.emailProblem(change.email()) != null) {
        throw new IllegalArgumentException("email: " + DirectoryRules.emailProblem(change.email()));
      }
      if (change.language() != null && DirectoryRules.languageProblem(change.language()) != null) {
        throw new IllegalArgumentException(
            "language: " + DirectoryRules.languageProblem(change.language()));
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return changeRecorded(
        "update contact set first_name = $3, last_name = $4, email = $5,"
            + " employee_id = $6, authorised_requester = $7, disabled = $8,"
            + " language = $9 where tenant_id = $1 and id = $2",
        Tuple.of(
                tenantId,
                contact,
                change.firstName().trim(),
                change.lastName().trim(),
                change.email())
            .addValue(change.employeeId())
            .addValue(change.authorisedRequester())
            .addValue(change.disabled())
            .addValue(change.language()),
        tenantId,
        now,
        "contact-changed",
        contact,
        Map.of(
            "authorised",
            Boolean.toString(change.authorisedRequester()),
            "disabled",
            Boolean.toString(change.disabled()),
            "language",
            change.language() == null ? "-" : change.language(),
            "by",
            by));
  }

  /**
   * Registers a number for a contact, dated now: it is inside the trust window from today.
   *
   * @param kind {@code mobile} or {@code work}
   * @param raw the number as typed, in the tenant's region unless it starts with +
   */
  public Future<Boolean> addPhone(
      Tenant tenant, UUID contact, String kind, String raw, String by, Instant now) {
    if (!"mobile".equals(kind) && !"work".equals(kind)) {
      return Future.failedFuture(new IllegalArgumentException("kind: must be mobile or work"));
    }
    String e164 = PhoneNumbers.toE164(raw, tenant.defaultRegion()).orElse(null);
    if (e164 == null) {
      return Future.failedFuture(
          new IllegalArgumentException("number: " + DirectoryRules.notAPhoneNumber(raw)));
    }
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "insert into contact_phone (tenant_id, contact_id, kind, e164, registered_at)"
                        + " select $1, $2, $3, $4, $5 where exists (select 1 from contact"
                        + " where tenant_id = $1 and id = $2) on conflict do nothing")
                .execute(Tuple.of(tenant.id(), contact, kind, e164, now.atOffset(ZoneOffset.UTC)))
                .compose(
                    r ->
                        r.rowCount() == 0
                            ? exists(tx, "contact", tenant.id(), contact)
                                .compose(
                                    found ->
                                        found
                                            ? Future.failedFuture(
                                                new IllegalArgumentException(
                                                    "number: "
                                                        + PhoneNumbers.mask(e164)
                                                        + " is registered to this contact"
                                                        + " already"))
                                            : Future.succeededFuture(false))
                            : event(
                                    tx,
                                    tenant.id(),
                                    now,
                                    "contact-phone-added",
                                    contact,
                                    Map.of(
                                        "kind", kind, "number", PhoneNumbers.mask(e164), "by", by))
                                .map(true)));
  }

  /** Removes a contact's registered number (E.164); {@code false} when there was none. */
  public Future<Boolean> removePhone(
      String tenantId, UUID contact, String e164, String by, Instant now) {
    return changeRecorded(
        "delete from contact_phone where tenant_id = $1 and contact_id = $2 and e164 = $3",
        Tuple.of(tenantId, contact, e164 == null ? "" : e164),
        tenantId,
        now,
        "contact-phone-removed",
        contact,
        Map.of("number", PhoneNumbers.mask(e164), "by", by));
  }

  /** Removes an enrolled push device; {@code false} when the contact has no such device. */
  public Future<Boolean> removeDevice(
      String tenantId, UUID contact, UUID device, String by, Instant now) {
    return changeRecorded(
        "update push_device set removed_at = $4 where tenant_id = $1"
            + " and contact_id = $2 and id = $3 and removed_at is null",
        Tuple.of(tenantId, contact, device, now.atOffset(ZoneOffset.UTC)),
        tenantId,
        now,
        "push-device-removed",
        contact,
        Map.of("device", device.toString(), "by", by));
  }

  /** Adds a technician, or changes one ({@code create} false); {@code false} when not found. */
  public Future<Boolean> saveTechnician(
      Tenant tenant, TechnicianChange t, boolean create, String by, Instant now) {
    String phone;
    try {
      requireText("id", t.id());
      if (!t.id().matches("[0-9]{3,10}")) {
        throw new IllegalArgumentException(
            "id: '" + t.id() + "' must be 3 to 10 digits (callers key it in)");
      }
      requireText("name", t.name());
      phone =
          t.phone() == null
              ? null
              : PhoneNumbers.toE164(t.phone(), tenant.defaultRegion())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "phone: " + DirectoryRules.notAPhoneNumber(t.phone())));
      if (t.sip() != null && DirectoryRules.sipProblem(t.sip()) != null) {
        throw new IllegalArgumentException("sip: " + DirectoryRules.sipProblem(t.sip()));
      }
      if (t.client() != null && !t.client().matches("[A-Za-z0-9_.-]{1,100}")) {
        throw new IllegalArgumentException(
            "client: '" + t.client() + "' may hold only letters, digits, '.', '_' and '-'");
      }
      if (t.client() == null && phone == null && t.sip() == null) {
        throw new IllegalArgumentException("give client, phone or sip, or several");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String sql =
        create
            ? "insert into technician (tenant_id, id, name, client_identity, phone, sip_endpoint,"
                + " active) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing"
            : "update technician set name = $3, client_identity = $4, phone = $5,"
                + " sip_endpoint = $6, active = $7, available = $7 and presence = 'available'"
                + " where tenant_id = $1 and id = $2";
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(sql)
                .execute(
                    Tuple.of(tenant.id(), t.id(), t.name().trim(), t.client(), phone, t.sip())
                        .addValue(t.active()))
                .compose(
                    r -> {
                      if (r.rowCount() == 0) {
                        return create
                            ? Future.failedFuture(
                                new IllegalArgumentException(
                                    "id: technician " + t.id() + " exists already"))
                            : Future.succeededFuture(false);
                      }
                      Map<String, String> data = new HashMap<>();
                      data.put("technician", t.id());
                      data.put("active", Boolean.toString(t.active()));
                      data.put("by", by);
                      return event(
                              tx,
                              tenant.id(),
                              now,
                              create ? "technician-added" : "technician-changed",
                              null,
                              data)
                          .map(true);
                    }));
  }

  /**
   * Sets the flow a number of the tenant runs.
   *
   * @param flows the flows loaded at start-up, by name
   */
  public Future<Boolean> setNumberFlow(
      String tenantId,
      String e164,
      String flow,
      java.util.Set<String> flows,
      String by,
      Instant now) {
    if (flow == null || !flows.contains(flow)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "flow: '"
                  + (flow == null ? "" : flow)
                  + "' is not a loaded flow (expected one of: "
                  + String.join(", ", new java.util.TreeSet<>(flows))
                  + ")"));
    }
    return changeRecorded(
        "update phone_number set flow = $3 where tenant_id = $1 and e164 = $2",
        Tuple.of(tenantId, e164, flow),
        tenantId,
        now,
        "number-flow-changed",
        null,
        Map.of("number", PhoneNumbers.mask(e164), "flow", flow, "by", by));
  }

  /**
   * Runs one statement and, when it touched a row, records {@code kind} in the same transaction:
   * {@code true}; {@code false}, with nothing recorded, when it touched none.
   */
  private Future<Boolean> changeRecorded(
      String sql,
      Tuple values,
      String tenantId,
      Instant now,
      String kind,
      UUID contact,
      Map<String, String> data) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(sql)
                .execute(values)
                .compose(
                    r ->
                        r.rowCount() == 0
                            ? Future.succeededFuture(false)
                            : event(tx, tenantId, now, kind, contact, data).map(true)));
  }

  private Future<Void> event(
      SqlConnection tx,
      String tenantId,
      Instant now,
      String kind,
      UUID contact,
      Map<String, String> data) {
    return audit.append(tx, tenantId, now, List.of(new AuditEvent(kind, null, contact, data)));
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": is missing");
    }
  }

  private static void zone(String timeZone) {
    requireText("time_zone", timeZone);
    if (DirectoryRules.zoneProblem(timeZone) != null) {
      throw new IllegalArgumentException("time_zone: " + DirectoryRules.zoneProblem(timeZone));
    }
  }
}
