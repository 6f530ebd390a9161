package io.callproof.directory;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Adds contacts to a tenant's companies from a CSV file. A file is kept as uploaded, checked as a
 * preview (every problem with its row and column), and imported in one transaction: all of it when
 * it has no problem, or only its valid rows when the administrator asks for exactly that. Each
 * imported contact is an audit event, and its numbers are registered at the import's time, so that
 * they sit inside the trust window like any newly registered number.
 */
public final class ContactImport {

  /** The columns of the file, as Callproof names them. */
  public static final List<String> COLUMNS =
      List.of(
          "company",
          "first_name",
          "last_name",
          "email",
          "mobile",
          "work_phone",
          "employee_id",
          "authorised_requester",
          "disabled",
          "language");

  /** Languages a contact may be spoken to in: the prompt catalogs' locales. */
  public static final List<String> LANGUAGES = DirectoryRules.LANGUAGES;

  /** The largest file accepted, in bytes. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** The most data rows a file may have. */
  public static final int MAX_ROWS = 5_000;

  /**
   * Header names accepted for each column, written without case, spaces, underscores or
   * punctuation: Callproof's own, and those of ConnectWise Manage and Autotask contact exports.
   * Autotask's {@code Active} is the opposite of {@code disabled} (see {@link #INVERTED}).
   */
  static final Map<String, String> ALIASES = aliases();

  /** Header names whose yes means the contact is not disabled. */
  static final Set<String> INVERTED = Set.of("active");

  private static Map<String, String> aliases() {
    Map<String, String> map = new LinkedHashMap<>();
    alias(map, "company", "company", "companyname", "organization", "organizationname");
    alias(map, "company", "accountname", "clientname");
    alias(map, "first_name", "firstname", "givenname");
    alias(map, "last_name", "lastname", "surname", "familyname");
    alias(map, "email", "email", "emailaddress", "defaultemail", "primaryemail");
    alias(map, "mobile", "mobile", "mobilephone", "cellphone", "cell", "mobilenumber");
    alias(map, "work_phone", "workphone", "phone", "direct", "directphone", "defaultphone");
    alias(map, "work_phone", "businessphone", "officephone");
    alias(map, "employee_id", "employeeid", "externalid", "employeenumber");
    alias(map, "authorised_requester", "authorisedrequester", "authorizedrequester");
    alias(map, "disabled", "disabled", "inactive", "inactiveflag", "active");
    alias(map, "language", "language", "preferredlanguage");
    return Map.copyOf(map);
  }

  private static void alias(Map<String, String> map, String column, String... names) {
    for (String name : names) {
      map.put(name, column);
    }
  }

  /** A header written as the alias table keys it. */
  static String key(String header) {
    return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /**
   * One problem of a file.
   *
   * @param row the spreadsheet row (1 is the header), or 0 for the file as a whole
   * @param column the header as the file writes it, or {@code null} for the whole row or file
   */
  public record Problem(int row, String column, String message) {

    @Override
    public String toString() {
      return (row == 0 ? "file" : "row " + row)
          + (column == null ? "" : ", " + column)
          + ": "
          + message;
    }
  }

  /**
   * One data row as it would be imported.
   *
   * @param mobile E.164, or {@code null}
   * @param workPhone E.164, or {@code null}
   * @param language {@code en-US}, {@code fr-CA} or {@code null} (the number's or tenant's)
   */
  public record Contact(
      int row,
      String company,
      UUID companyId,
      String firstName,
      String lastName,
      String email,
      String mobile,
      String workPhone,
      String employeeId,
      boolean authorisedRequester,
      boolean disabled,
      String language,
      List<Problem> problems) {

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * A checked file.
   *
   * @param columns the file's headers and the column each gives ({@code null}: ignored)
   * @param fileProblems problems of the file as a whole (no data can be read)
   */
  public record Preview(
      Map<String, String> columns, List<Problem> fileProblems, List<Contact> contacts) {

    /** Every problem, the file's first, then row by row. */
    public List<Problem> problems() {
      List<Problem> all = new ArrayList<>(fileProblems);
      contacts.forEach(c -> all.addAll(c.problems()));
      return all;
    }

    /** The rows that can be imported. */
    public List<Contact> valid() {
      return fileProblems.isEmpty() ? contacts.stream().filter(Contact::valid).toList() : List.of();
    }
  }

  /** An uploaded file as kept. */
  public record Upload(
      UUID id, String fileName, String csv, Instant uploadedAt, Instant importedAt, int imported) {}

  /** What the tenant has already, to find unknown companies and duplicates. */
  record Existing(
      Map<String, UUID> companies,
      Set<String> emails,
      Set<String> employeeIds,
      Set<String> mobiles) {}

  /** What importing came to. */
  public enum Outcome {
    IMPORTED,
    /** The file has problems and the administrator did not ask for only its valid rows. */
    HAS_PROBLEMS,
    /** The file was imported before (or has no valid row). */
    NOTHING_TO_IMPORT,
    NOT_FOUND
  }

  /**
   * The answer to an import.
   *
   * @param imported how many contacts were added
   * @param skipped rows left out for their problems
   */
  public record Result(Outcome outcome, int imported, int skipped) {}

  private final AuditTrail audit;

  public ContactImport(AuditTrail audit) {
    this.audit = audit;
  }

  /**
   * Keeps an uploaded file for its preview.
   *
   * @param uploadedBy the console user who uploaded it
   * @return the upload's id; fails with {@link IllegalArgumentException} for a file too large or
   *     not UTF-8 text
   */
  public Future<UUID> upload(
      Pool pool, String tenantId, UUID uploadedBy, String fileName, byte[] bytes, Instant now) {
    if (bytes.length > MAX_BYTES) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "the file is " + bytes.length + " bytes; at most " + MAX_BYTES + " are accepted"));
    }
    String csv;
    try {
      csv =
          java.nio.charset.StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "the file is not UTF-8 text; save it as \"CSV UTF-8\" and upload it again"));
    }
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(
            "insert into contact_import (tenant_id, id, file_name, csv, uploaded_by, uploaded_at)"
                + " values ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(tenantId, id, fileName, csv, uploadedBy, now.atOffset(ZoneOffset.UTC)))
        .map(r -> id);
  }

  /** The tenant's upload, or empty when the tenant has none with that id. */
  public Future<Optional<Upload>> find(SqlClient client, String tenantId, UUID id) {
    return client
        .preparedQuery(
            "select id, file_name, csv, uploaded_at, imported_at, imported_rows"
                + " from contact_import where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Upload(
                      r.getUUID("id"),
                      r.getString("file_name"),
                      r.getString("csv"),
                      r.getOffsetDateTime("uploaded_at").toInstant(),
                      r.getOffsetDateTime("imported_at") == null
                          ? null
                          : r.getOffsetDateTime("imported_at").toInstant(),
                      r.getInteger("imported_rows") == null ? 0 : r.getInteger("imported_rows")));
            });
  }

  /** Checks an upload against the tenant's directory as it is now. */
  public Future<Preview> preview(SqlClient client, Tenant tenant, String csv) {
    return existing(client, tenant.id()).map(e -> check(csv, e, tenant.defaultRegion()));
  }

  /**
   * Imports an upload, checked again against the directory inside the transaction.
   *
   * @param onlyValid whether the administrator chose to import only the valid rows of a file with
   *     problems
   * @param by who imported it, for the audit trail
   */
  public Future<Result> commit(
      Pool pool, Tenant tenant, UUID uploadId, boolean onlyValid, String by, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "select csv, imported_at from contact_import where tenant_id = $1 and id = $2"
                        + " for update")
                .execute(Tuple.of(tenant.id(), uploadId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(new Result(Outcome.NOT_FOUND, 0, 0));
                      }
                      Row row = rows.iterator().next();
                      if (row.getValue("imported_at") != null) {
                        return Future.succeededFuture(new Result(Outcome.NOTHING_TO_IMPORT, 0, 0));
                      }
                      return preview(tx, tenant, row.getString("csv"))
                          .compose(p -> write(tx, tenant, uploadId, p, onlyValid, by, now));
                    }));
  }

  private Future<Result> write(
      SqlClient tx,
      Tenant tenant,
      UUID uploadId,
      Preview preview,
      boolean onlyValid,
      String by,
      Instant now) {
    List<Contact> valid = preview.valid();
    int skipped = preview.contacts().size() - valid.size();
    if (!preview.problems().isEmpty() && !onlyValid) {
      return Future.succeededFuture(new Result(Outcome.HAS_PROBLEMS, 0, skipped));
    }
    if (valid.isEmpty()) {
      return Future.succeededFuture(new Result(Outcome.NOTHING_TO_IMPORT, 0, skipped));
    }
    List<Tuple> contacts = new ArrayList<>();
    List<Tuple> phones = new ArrayList<>();
    List<AuditEvent> events = new ArrayList<>();
    for (Contact c : valid) {
      UUID id = UUID.randomUUID();
      contacts.add(
          Tuple.of(tenant.id(), id, c.companyId(), c.firstName(), c.lastName(), c.email())
              .addValue(c.employeeId())
              .addValue(c.disabled())
              .addValue(c.authorisedRequester())
              .addValue(c.language()));
      Map<String, String> data = new HashMap<>();
      data.put("import", uploadId.toString());
      data.put("row", Integer.toString(c.row()));
      data.put("company", c.company());
      data.put("by", by);
      if (c.mobile() != null) {
        phones.add(phone(tenant.id(), id, "mobile", c.mobile(), now));
        data.put("mobile", PhoneNumbers.mask(c.mobile()));
      }
      if (c.workPhone() != null) {
        phones.add(phone(tenant.id(), id, "work", c.workPhone(), now));
        data.put("work", PhoneNumbers.mask(c.workPhone()));
      }
      events.add(new AuditEvent("contact-imported", null, id, data));
    }
    events.add(
        new AuditEvent(
            "contacts-imported",
            null,
            null,
            Map.of(
                "import", uploadId.toString(),
                "contacts", Integer.toString(valid.size()),
                "skipped", Integer.toString(skipped),
                "by", by)));
    return tx.preparedQuery(
            "insert into contact (tenant_id, id, company_id, first_name, last_name, email,"
                + " employee_id, disabled, authorised_requester, language)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .executeBatch(contacts)
        .compose(
            r ->
                phones.isEmpty()
                    ? Future.succeededFuture()
                    : tx.preparedQuery(
                            "insert into contact_phone (tenant_id, contact_id, kind, e164,"
                                + " registered_at) values ($1, $2, $3, $4, $5)")
                        .executeBatch(phones))
        .compose(
            r ->
                tx.preparedQuery(
                        "update contact_import set imported_at = $3, imported_rows = $4"
                            + " where tenant_id = $1 and id = $2")
                    .execute(
                        Tuple.of(
                            tenant.id(), uploadId, now.atOffset(ZoneOffset.UTC), valid.size())))
        .compose(r -> audit.append(tx, tenant.id(), now, events))
        .map(v -> new Result(Outcome.IMPORTED, valid.size(), skipped));
  }

  private static Tuple phone(String tenantId, UUID contact, String kind, String e164, Instant at) {
    return Tuple.of(tenantId, contact, kind, e164, at.atOffset(ZoneOffset.UTC));
  }

  static Future<Existing> existing(SqlClient client, String tenantId) {
    Tuple tenant = Tuple.of(tenantId);
    Future<Map<String, UUID>> companies =
        client
            .preparedQuery("select id, name from company where tenant_id = $1")
            .execute(tenant)
            .map(
                rows -> {
                  Map<String, UUID> map = new HashMap<>();
                  rows.forEach(r -> map.put(fold(r.getString("name")), r.getUUID("id")));
                  return map;
                });
    return companies.compose(
        byName ->
            client
                .preparedQuery(
                    "select lower(email) as value, 'email' as kind from contact"
                        + " where tenant_id = $1 and email is not null"
                        + " union all select employee_id, 'employee' from contact"
                        + " where tenant_id = $1 and employee_id is not null"
                        + " union all select e164, 'mobile' from contact_phone"
                        + " where tenant_id = $1 and kind = 'mobile'")
                .execute(tenant)
                .map(
                    rows -> {
                      Set<String> emails = new HashSet<>();
                      Set<String> employees = new HashSet<>();
                      Set<String> mobiles = new HashSet<>();
                      for (Row r : rows) {
                        switch (r.getString("kind")) {
                          case "email" -> emails.add(r.getString("value"));
                          case "employee" -> employees.add(r.getString("value"));
                          default -> mobiles.add(r.getString("value"));
                        }
                      }
                      return new Existing(byName, emails, employees, mobiles);
                    }));
  }

  private static String fold(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  /** Checks a file against what the tenant has; pure, for the preview and the import alike. */
  static Preview check(String csv, Existing existing, String region) {
    List<ContactCsv.Record> records;
    try {
      records = ContactCsv.parse(csv);
    } catch (IllegalArgumentException e) {
      return new Preview(Map.of(), List.of(new Problem(0, null, e.getMessage())), List.of());
    }
    if (records.isEmpty()) {
      return new Preview(
          Map.of(),
          List.of(new Problem(0, null, "the file is empty; the first row must name the columns")),
          List.of());
    }
    List<String> headers = records.get(0).fields();
    Map<String, String> columns = new LinkedHashMap<>();
    List<Problem> fileProblems = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    Map<String, String> headerOf = new HashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      String header = headers.get(i).trim();
      String column = ALIASES.get(key(header));
      columns.put(header.isEmpty() ? "(column " + (i + 1) + ")" : header, column);
      if (column == null) {
        continue;
      }
      if (index.containsKey(column)) {
        fileProblems.add(
            new Problem(
                1,
                header,
                "gives "
                    + column
                    + ", as '"
                    + headerOf.get(column)
                    + "' does; keep one of the two columns"));
      } else {
        index.put(column, i);
        headerOf.put(column, header);
      }
    }
    for (String required : List.of("company", "first_name", "last_name")) {
      if (!index.containsKey(required)) {
        fileProblems.add(
            new Problem(1, null, "no " + required + " column (the header row must name it)"));
      }
    }
    if (records.size() - 1 > MAX_ROWS) {
      fileProblems.add(
          new Problem(
              0,
              null,
              "the file has "
                  + (records.size() - 1)
                  + " rows; at most "
                  + MAX_ROWS
                  + " are imported at once, so split it"));
    }
    if (!fileProblems.isEmpty()) {
      return new Preview(columns, fileProblems, List.of());
    }
    RowChecker checker = new RowChecker(existing, region, index, headerOf, headers.size());
    List<Contact> contacts = new ArrayList<>();
    for (ContactCsv.Record record : records.subList(1, records.size())) {
      contacts.add(checker.check(record));
    }
    return new Preview(columns, List.of(), contacts);
  }

  /** Checks rows one by one, remembering what earlier rows used, to find duplicates. */
  private static final class RowChecker {
    private final Existing existing;
    private final String region;
    private final Map<String, Integer> index;
    private final Map<String, String> headerOf;
    private final int width;
    private final Map<String, Integer> emails = new HashMap<>();
    private final Map<String, Integer> employeeIds = new HashMap<>();
    private final Map<String, Integer> mobiles = new HashMap<>();

    RowChecker(
        Existing existing,
        String region,
        Map<String, Integer> index,
        Map<String, String> headerOf,
        int width) {
      this.existing = existing;
      this.width = width;
      this.region = region;
      this.index = index;
      this.headerOf = headerOf;
    }

    private String value(ContactCsv.Record record, String column) {
      Integer i = index.get(column);
      if (i == null || i >= record.fields().size()) {
        return null;
      }
      String v = record.fields().get(i).trim();
      return v.isEmpty() ? null : v;
    }

    Contact check(ContactCsv.Record record) {
      int row = record.row();
      List<Problem> problems = new ArrayList<>();
      if (record.fields().size() > width) {
        problems.add(
            new Problem(
                row,
                null,
                "has "
                    + record.fields().size()
                    + " fields but the header names "
                    + width
                    + " (a comma inside a value needs quotes)"));
      }
      String company = value(record, "company");
      UUID companyId = null;
      if (company == null) {
        problems.add(new Problem(row, headerOf.get("company"), "is missing"));
      } else {
        companyId = existing.companies().get(fold(company));
        if (companyId == null) {
          problems.add(
              new Problem(
                  row,
                  headerOf.get("company"),
                  "'" + company + "' is not one of this MSP's companies (add it first)"));
        }
      }
      String first = required(record, "first_name", problems);
      String last = required(record, "last_name", problems);
      String email = value(record, "email");
      if (email != null) {
        String problem = DirectoryRules.emailProblem(email);
        if (problem != null) {
          problems.add(new Problem(row, headerOf.get("email"), problem));
        } else {
          duplicate(
              row, "email", email.toLowerCase(Locale.ROOT), emails, existing.emails(), problems);
        }
      }
      String mobile = phone(record, "mobile", problems);
      if (mobile != null) {
        duplicate(row, "mobile", mobile, mobiles, existing.mobiles(), problems);
      }
      String work = phone(record, "work_phone", problems);
      if (work != null && work.equals(mobile)) {
        problems.add(
            new Problem(row, headerOf.get("work_phone"), "is the same number as the mobile"));
        work = null;
      }
      String employeeId = value(record, "employee_id");
      if (employeeId != null) {
        duplicate(row, "employee_id", employeeId, employeeIds, existing.employeeIds(), problems);
      }
      boolean authorised = flag(record, "authorised_requester", problems);
      boolean disabled = flag(record, "disabled", problems);
      if (headerOf.containsKey("disabled")
          && INVERTED.contains(key(headerOf.get("disabled")))
          && value(record, "disabled") != null) {
        disabled = !disabled;
      }
      String language = value(record, "language");
      String known =
          language == null
              ? null
              : LANGUAGES.stream()
                  .filter(l -> l.equalsIgnoreCase(language))
                  .findFirst()
                  .orElse(null);
      if (language != null && known == null) {
        problems.add(
            new Problem(row, headerOf.get("language"), DirectoryRules.languageProblem(language)));
      }
      return new Contact(
          row,
          company,
          companyId,
          first,
          last,
          email,
          mobile,
          work,
          employeeId,
          authorised,
          disabled,
          known,
          problems);
    }

    private String required(ContactCsv.Record record, String column, List<Problem> problems) {
      String v = value(record, column);
      if (v == null) {
        problems.add(new Problem(record.row(), headerOf.get(column), "is missing"));
      }
      return v;
    }

    private String phone(ContactCsv.Record record, String column, List<Problem> problems) {
      String raw = value(record, column);
      if (raw == null) {
        return null;
      }
      Optional<String> e164 = PhoneNumbers.toE164(raw, region);
      if (e164.isEmpty()) {
        problems.add(
            new Problem(record.row(), headerOf.get(column), DirectoryRules.notAPhoneNumber(raw)));
        return null;
      }
      return e164.get();
    }

    private boolean flag(ContactCsv.Record record, String column, List<Problem> problems) {
      String raw = value(record, column);
      if (raw == null) {
        return false;
      }
      switch (raw.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "1", "x" -> {
          return true;
        }
        case "false", "no", "n", "0" -> {
          return false;
        }
        default -> {
          problems.add(
              new Problem(
                  record.row(),
                  headerOf.get(column),
                  "'" + raw + "' must be yes or no (or true or false, 1 or 0)"));
          return false;
        }
      }
    }

    private void duplicate(
        int row,
        String column,
        String value,
        Map<String, Integer> seen,
        Set<String> stored,
        List<Problem> problems) {
      String shown = column.equals("mobile") ? PhoneNumbers.mask(value) : value;
      Integer earlier = seen.putIfAbsent(value, row);
      if (earlier != null) {
        problems.add(
            new Problem(row, headerOf.get(column), "'" + shown + "' is also in row " + earlier));
      } else if (stored.contains(value)) {
        problems.add(
            new Problem(
                row, headerOf.get(column), "'" + shown + "' belongs to an existing contact"));
      }
    }
  }
}
