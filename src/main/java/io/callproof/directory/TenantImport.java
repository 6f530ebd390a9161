package io.callproof.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.crypto.Sealer;
import io.callproof.verify.Policy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Creates a tenant with its numbers, companies, contacts and technicians from a YAML file. The
 * whole file is checked first and every mistake reported with its place in the file; nothing is
 * written unless all of it is right, and then all of it is written in one transaction.
 */
public final class TenantImport {

  /** The file's mistakes, each as {@code path: what is wrong}. */
  public static final class ImportError extends RuntimeException {
    private final List<String> problems;

    ImportError(String source, List<String> problems) {
      super(source + ": nothing imported:\n  " + String.join("\n  ", problems));
      this.problems = List.copyOf(problems);
    }

    /** Every mistake, in file order. */
    public List<String> problems() {
      return problems;
    }
  }

  /**
   * What the file says of the tenant's Twilio account: real credentials, or {@code demo} for an
   * account that exists only here and sends texts to the development outbox.
   */
  private record TwilioPart(
      String accountSid, String authToken, String from, boolean demo, SoftphonePart softphone) {}

  /** What softphone access tokens are signed with; absent when the tenant issues none. */
  private record SoftphonePart(String apiKeySid, String apiKeySecret, String twimlAppSid) {}

  private record PhonePart(String kind, String e164, LocalDate registered) {}

  private record ContactPart(
      UUID id,
      String firstName,
      String lastName,
      String email,
      String employeeId,
      boolean disabled,
      boolean authorisedRequester,
      String language,
      List<PhonePart> phones) {}

  /** A policy as the file gives it: methods in order, lifetimes in minutes. */
  private record PolicyPart(
      List<String> methods, List<String> emailCountsFor, int codeMinutes, int approvalMinutes) {}

  private record CompanyPart(
      UUID id, String name, String timeZone, PolicyPart policy, List<ContactPart> contacts) {}

  private record TechnicianPart(
      String id, String name, String client, String phone, String sip, boolean active) {}

  /** A file that checked out, ready to write. */
  public record Plan(
      String tenantId,
      String name,
      String timeZone,
      String region,
      TwilioPart twilio,
      String fallback,
      Map<String, String> numbers,
      PolicyPart policy,
      List<CompanyPart> companies,
      List<TechnicianPart> technicians,
      boolean headsUp,
      String outboundCallerId,
      Map<String, String> numberLanguages) {

    /** The tenant's id. */
    public String id() {
      return tenantId;
    }

    /** Whether texts of this tenant go to the development outbox. */
    public boolean usesDevOutbox() {
      return twilio != null && twilio.demo();
    }

    int contactCount() {
      return companies.stream().mapToInt(c -> c.contacts().size()).sum();
    }
  }

  /**
   * The largest tenant file read, in characters. The YAML reader's own limit (3 MB) is about 15,000
   * contacts, fewer than a large MSP's customers have between them.
   */
  static final int MOST_CHARACTERS = 64 * 1024 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());

  private static YAMLFactory yamlFactory() {
    LoaderOptions loading = new LoaderOptions();
    loading.setCodePointLimit(MOST_CHARACTERS);
    return YAMLFactory.builder().loaderOptions(loading).build();
  }

  /** A policy's code lifetime when it names none, in minutes (design: 5 by default). */
  private static final int DEFAULT_CODE_MINUTES = 5;

  /** A policy's approval lifetime when it names none, in minutes. */
  private static final int DEFAULT_APPROVAL_MINUTES = 2;

  /** Lifetimes above this are refused: a code lives at most 10 minutes. */
  private static final int MAX_MINUTES = 10;

  private final Sealer sealer;
  private final Function<String, String> env;

  /**
   * @param env reads an environment variable, for tokens the file names by variable
   */
  public TenantImport(Sealer sealer, Function<String, String> env) {
    this.sealer = sealer;
    this.env = env;
  }

  /**
   * Checks a file.
   *
   * @param source where it came from, for messages
   * @param demoAccount the Twilio account that {@code account_sid: demo} stands for, if set
   * @param allowDemo whether {@code account_sid: demo} is allowed (demo mode only)
   * @throws ImportError listing every mistake
   */
  public Plan check(
      String source,
      String yaml,
      java.util.Optional<TwilioAccountSetting> demoAccount,
      boolean allowDemo) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ImportError(source, List.of("not valid YAML: " + e.getOriginalMessage()));
    }
    Checker c = new Checker();
    if (root == null || !root.isObject()) {
      throw new ImportError(
          source, List.of("expected a mapping with tenant, companies and" + " technicians"));
    }
    JsonNode t = root.path("tenant");
    String id = c.text(t, "tenant.id", true);
    if (id != null && !id.matches("[a-z0-9][a-z0-9-]{1,39}")) {
      c.problem("tenant.id", "'" + id + "' must be 2 to 40 lowercase letters, digits or '-'");
    }
    String name = c.text(t, "tenant.name", true);
    String zone = c.zone(t, "tenant.time_zone");
    String region = c.text(t, "tenant.default_region", false);
    region = region == null ? "US" : region;
    TwilioPart twilio = twilio(c, t.path("twilio"), region, demoAccount, allowDemo);
    String fallback = c.phone(t, "tenant.fallback_number", region, false);
    Map<String, String> numbers = new java.util.LinkedHashMap<>();
    Map<String, String> numberLanguages = new java.util.LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = t.path("numbers").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = "tenant.numbers." + e.getKey();
      // A number maps to its flow's name, or to {flow, language}.
      JsonNode value = e.getValue();
      String flow = value.isObject() ? c.text(value, where + ".flow", true) : value.asText();
      String language = value.isObject() ? language(c, value, where + ".language") : null;
      PhoneNumbers.toE164(e.getKey(), region)
          .ifPresentOrElse(
              n -> {
                numbers.put(n, flow);
                if (language != null) {
                  numberLanguages.put(n, language);
                }
              },
              () -> c.problem(where, DirectoryRules.notAPhoneNumber(e.getKey())));
    }
    if (numbers.isEmpty()) {
      c.problem(
          "tenant.numbers",
          "name at least one number and its flow, such as" + " \"+15550100100\": helpdesk");
    }
    PolicyPart policy = policy(c, t, "tenant.policy");
    List<CompanyPart> companies = companies(c, root.path("companies"), region);
    List<TechnicianPart> technicians = technicians(c, root.path("technicians"), region);
    boolean headsUp = c.flag(t, "tenant.heads_up");
    String outboundCallerId = c.phone(t, "tenant.outbound_caller_id", region, false);
    c.throwIfAny(source);
    return new Plan(
        id,
        name,
        zone,
        region,
        twilio,
        fallback,
        numbers,
        policy,
        companies,
        technicians,
        headsUp,
        outboundCallerId,
        numberLanguages);
  }

  private static String language(Checker c, JsonNode node, String where) {
    String language = c.text(node, where, false);
    String problem = language == null ? null : DirectoryRules.languageProblem(language);
    if (problem != null) {
      c.problem(where, problem);
      return null;
    }
    return language;
  }

  /** The Twilio account given in settings, which {@code account_sid: demo} stands for. */
  public record TwilioAccountSetting(String accountSid, String authToken, String from) {}

  private TwilioPart twilio(
      Checker c,
      JsonNode node,
      String region,
      java.util.Optional<TwilioAccountSetting> demoAccount,
      boolean allowDemo) {
    if (node.isMissingNode()) {
      return null;
    }
    String sid = c.text(node, "tenant.twilio.account_sid", true);
    if ("demo".equals(sid)) {
      if (!allowDemo) {
        c.problem(
            "tenant.twilio.account_sid",
            "'demo' is for demo mode only; give the real" + " account SID");
        return null;
      }
      if (demoAccount.isPresent()) {
        TwilioAccountSetting a = demoAccount.get();
        return new TwilioPart(a.accountSid(), a.authToken(), a.from(), false, null);
      }
      String from = c.phone(node, "tenant.twilio.from", region, true);
      return new TwilioPart(
          "AC" + UUID.randomUUID().toString().replace("-", ""),
          UUID.randomUUID().toString().replace("-", ""),
          from,
          true,
          null);
    }
    if (sid != null && !sid.matches("AC[0-9a-fA-F]{32}")) {
      c.problem("tenant.twilio.account_sid", "'" + sid + "' is not AC followed by 32 hex digits");
    }
    String token = authToken(c, node);
    String from = c.phone(node, "tenant.twilio.from", region, true);
    return new TwilioPart(sid, token, from, false, softphone(c, node));
  }

  private SoftphonePart softphone(Checker c, JsonNode node) {
    JsonNode keySid = node.path("api_key_sid");
    JsonNode secretEnv = node.path("api_key_secret_env");
    JsonNode appSid = node.path("twiml_app_sid");
    if (keySid.isMissingNode() && secretEnv.isMissingNode() && appSid.isMissingNode()) {
      return null;
    }
    String key = c.text(node, "tenant.twilio.api_key_sid", true);
    if (key != null && !key.matches("SK[0-9a-fA-F]{32}")) {
      c.problem("tenant.twilio.api_key_sid", "'" + key + "' is not SK followed by 32 hex digits");
    }
    String app = c.text(node, "tenant.twilio.twiml_app_sid", true);
    if (app != null && !app.matches("AP[0-9a-fA-F]{32}")) {
      c.problem("tenant.twilio.twiml_app_sid", "'" + app + "' is not AP followed by 32 hex digits");
    }
    String variable = c.text(node, "tenant.twilio.api_key_secret_env", true);
    String secret = variable == null ? null : env.apply(variable);
    if (variable != null && (secret == null || secret.isBlank())) {
      c.problem(
          "tenant.twilio.api_key_secret_env", "environment variable " + variable + " is not set");
    }
    return new SoftphonePart(key, secret, app);
  }

  private String authToken(Checker c, JsonNode node) {
    String variable = node.path("auth_token_env").asText(null);
    if (variable != null) {
      String token = env.apply(variable);
      if (token == null || token.isBlank()) {
        c.problem(
            "tenant.twilio.auth_token_env", "environment variable " + variable + " is not set");
      }
      return token;
    }
    String token = node.path("auth_token").asText(null);
    if (token == null) {
      c.problem(
          "tenant.twilio",
          "give auth_token_env: VARIABLE (the variable holding the" + " account's auth token)");
    }
    return token;
  }

  private static List<CompanyPart> companies(Checker c, JsonNode list, String region) {
    List<CompanyPart> companies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String where = "companies[" + i + "]";
      String name = c.text(node, where + ".name", true);
      if (name != null && !names.add(name)) {
        c.problem(where + ".name", "'" + name + "' appears twice");
      }
      String zone = node.has("time_zone") ? c.zone(node, where + ".time_zone") : null;
      PolicyPart policy = policy(c, node, where + ".policy");
      List<ContactPart> contacts = new ArrayList<>();
      JsonNode people = node.path("contacts");
      for (int j = 0; j < people.size(); j++) {
        contacts.add(contact(c, people.get(j), where + ".contacts[" + j + "]", region));
      }
      companies.add(new CompanyPart(UUID.randomUUID(), name, zone, policy, contacts));
    }
    return companies;
  }

  private static ContactPart contact(Checker c, JsonNode node, String where, String region) {
    String first = c.text(node, where + ".first_name", true);
    String last = c.text(node, where + ".last_name", true);
    List<PhonePart> phones = new ArrayList<>();
    JsonNode list = node.path("phones");
    for (int k = 0; k < list.size(); k++) {
      JsonNode p = list.get(k);
      String at = where + ".phones[" + k + "]";
      String kind = c.text(p, at + ".kind", true);
      if (kind != null && !kind.equals("mobile") && !kind.equals("work")) {
        c.problem(at + ".kind", "'" + kind + "' must be mobile or work");
      }
      String e164 = c.phone(p, at + ".number", region, true);
      LocalDate registered = c.date(p, at + ".registered");
      phones.add(new PhonePart(kind, e164, registered));
    }
    return new ContactPart(
        UUID.randomUUID(),
        first,
        last,
        node.path("email").asText(null),
        node.path("employee_id").asText(null),
        c.flag(node, where + ".disabled"),
        c.flag(node, where + ".authorised_requester"),
        language(c, node, where + ".language"),
        phones);
  }

  /**
   * Reads the {@code policy} under {@code parent}, or {@code null} when there is none (a company
   * without one follows the tenant's default, and a tenant without one the installation's).
   */
  private static PolicyPart policy(Checker c, JsonNode parent, String where) {
    JsonNode node = parent.path("policy");
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      c.problem(where, "expected methods, email_counts_for, code_minutes and approval_minutes");
      return null;
    }
    List<String> methods = c.words(node, where + ".methods", Policy.METHODS, "a method", true);
    List<String> emailCountsFor =
        c.words(node, where + ".email_counts_for", Policy.REQUESTS, "a request", false);
    int codeMinutes = c.minutes(node, where + ".code_minutes", DEFAULT_CODE_MINUTES);
    int approvalMinutes = c.minutes(node, where + ".approval_minutes", DEFAULT_APPROVAL_MINUTES);
    return new PolicyPart(methods, emailCountsFor, codeMinutes, approvalMinutes);
  }

  private static List<TechnicianPart> technicians(Checker c, JsonNode list, String region) {
    List<TechnicianPart> technicians = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String where = "technicians[" + i + "]";
      String id = c.text(node, where + ".id", true);
      if (id != null && !ids.add(id)) {
        c.problem(where + ".id", "'" + id + "' appears twice");
      }
      String name = c.text(node, where + ".name", true);
      String client = node.path("client").asText(null);
      String phone = node.has("phone") ? c.phone(node, where + ".phone", region, true) : null;
      String sip = c.text(node, where + ".sip", false);
      if (sip != null && DirectoryRules.sipProblem(sip) != null) {
        c.problem(where + ".sip", DirectoryRules.sipProblem(sip));
      }
      if (client == null && phone == null && sip == null) {
        c.problem(where, "give client (a softphone identity), phone or sip, or several");
      }
      boolean active = !node.has("active") || c.flag(node, where + ".active");
      technicians.add(new TechnicianPart(id, name, client, phone, sip, active));
    }
    return technicians;
  }

  /**
   * Writes a checked file as a new tenant, in one transaction.
   *
   * @throws ImportError (as a failed future) when the tenant or one of its numbers exists
   */
  public Future<Void> write(Pool pool, Plan plan, AuditTrail audit, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "select (select count(*) from tenant where id = $1)"
                        + " + (select count(*) from phone_number where e164 = any($2))")
                .execute(
                    Tuple.tuple()
                        .addString(plan.id())
                        .addArrayOfString(plan.numbers().keySet().toArray(new String[0])))
                .compose(
                    rows -> {
                      if (rows.iterator().next().getLong(0) > 0) {
                        return Future.failedFuture(
                            new ImportError(
                                plan.id(),
                                List.of(
                                    "tenant '"
                                        + plan.id()
                                        + "' or one of its numbers exists already")));
                      }
                      return insertAll(tx, plan);
                    })
                .compose(
                    v ->
                        audit.append(
                            tx,
                            plan.id(),
                            now,
                            List.of(
                                new AuditEvent(
                                    "tenant-imported",
                                    null,
                                    null,
                                    Map.of(
                                        "companies", Integer.toString(plan.companies().size()),
                                        "contacts", Integer.toString(plan.contactCount()),
                                        "technicians",
                                            Integer.toString(plan.technicians().size())))))));
  }

  private Future<Void> insertSoftphone(SqlConnection tx, Plan plan) {
    SoftphonePart phone = plan.twilio() == null ? null : plan.twilio().softphone();
    if (phone == null) {
      return Future.succeededFuture();
    }
    byte[] secret =
        sealer.seal(phone.apiKeySecret(), TenantRegistry.apiKeySecretContext(plan.id()));
    return tx.preparedQuery(
            "update tenant set twilio_api_key_sid = $2, twilio_api_key_secret = $3,"
                + " twilio_twiml_app_sid = $4 where id = $1")
        .execute(Tuple.of(plan.id(), phone.apiKeySid(), Buffer.buffer(secret), phone.twimlAppSid()))
        .mapEmpty();
  }

  private Future<Void> insertAll(SqlConnection tx, Plan plan) {
    TwilioPart tw = plan.twilio();
    Buffer token =
        tw == null
            ? null
            : Buffer.buffer(
                sealer.seal(tw.authToken(), TenantRegistry.twilioTokenContext(plan.id())));
    List<Tuple> numbers = new ArrayList<>();
    plan.numbers()
        .forEach(
            (n, flow) -> numbers.add(Tuple.of(plan.id(), n, flow, plan.numberLanguages().get(n))));
    List<Tuple> companies = new ArrayList<>();
    List<Tuple> policies = new ArrayList<>();
    if (plan.policy() != null) {
      policies.add(policyRow(plan.id(), null, plan.policy()));
    }
    List<Tuple> contacts = new ArrayList<>();
    List<Tuple> phones = new ArrayList<>();
    for (CompanyPart co : plan.companies()) {
      companies.add(
          Tuple.of(
              plan.id(),
              co.id(),
              co.name(),
              co.timeZone() == null ? plan.timeZone() : co.timeZone()));
      if (co.policy() != null) {
        policies.add(policyRow(plan.id(), co.id(), co.policy()));
      }
      for (ContactPart p : co.contacts()) {
        contacts.add(
            Tuple.of(
                plan.id(),
                p.id(),
                co.id(),
                p.firstName(),
                p.lastName(),
                p.email(),
                p.employeeId(),
                p.disabled(),
                p.authorisedRequester(),
                p.language()));
        for (PhonePart ph : p.phones()) {
          phones.add(
              Tuple.of(
                  plan.id(),
                  p.id(),
                  ph.kind(),
                  ph.e164(),
                  ph.registered().atStartOfDay().atOffset(ZoneOffset.UTC)));
        }
      }
    }
    List<Tuple> techs =
        plan.technicians().stream()
            .map(
                t ->
                    Tuple.of(
                        plan.id(), t.id(), t.name(), t.client(), t.phone(), t.sip(), t.active()))
            .toList();
    return tx.preparedQuery(
            "insert into tenant (id, name, time_zone, default_region, twilio_account_sid,"
                + " twilio_auth_token, twilio_from, fallback_number, dev_outbox, heads_up,"
                + " outbound_caller_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .execute(
            Tuple.of(
                plan.id(),
                plan.name(),
                plan.timeZone(),
                plan.region(),
                tw == null ? null : tw.accountSid(),
                token,
                tw == null ? null : tw.from(),
                plan.fallback(),
                plan.usesDevOutbox(),
                plan.headsUp(),
                plan.outboundCallerId()))
        .compose(r -> insertSoftphone(tx, plan))
        .compose(
            r ->
                batch(
                    tx,
                    "insert into phone_number (tenant_id, e164, flow, language)"
                        + " values ($1, $2, $3, $4)",
                    numbers))
        .compose(
            r ->
                batch(
                    tx,
                    "insert into company (tenant_id, id, name, time_zone)"
                        + " values ($1, $2, $3, $4)",
                    companies))
        .compose(
            r ->
                batch(
                    tx,
                    "insert into contact (tenant_id, id, company_id, first_name,"
                        + " last_name, email, employee_id, disabled, authorised_requester,"
                        + " language) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    contacts))
        .compose(
            r ->
                batch(
                    tx,
                    "insert into policy (tenant_id, company_id, methods, email_counts_for,"
                        + " code_ttl_seconds, approval_ttl_seconds)"
                        + " values ($1, $2, $3, $4, $5, $6)",
                    policies))
        .compose(
            r ->
                batch(
                    tx,
                    "insert into contact_phone (tenant_id, contact_id, kind, e164,"
                        + " registered_at) values ($1, $2, $3, $4, $5)",
                    phones))
        .compose(
            r ->
                batch(
                    tx,
                    "insert into technician (tenant_id, id, name, client_identity,"
                        + " phone, sip_endpoint, active) values ($1, $2, $3, $4, $5, $6, $7)",
                    techs));
  }

  /** A policy row; {@code companyId} is {@code null} for the tenant's default. */
  private static Tuple policyRow(String tenantId, UUID companyId, PolicyPart policy) {
    return Tuple.of(
        tenantId,
        companyId,
        policy.methods().toArray(new String[0]),
        policy.emailCountsFor().toArray(new String[0]),
        policy.codeMinutes() * 60,
        policy.approvalMinutes() * 60);
  }

  private static Future<Void> batch(SqlConnection tx, String sql, List<Tuple> rows) {
    return rows.isEmpty()
        ? Future.succeededFuture()
        : tx.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  /** Collects mistakes with their places in the file. */
  private static final class Checker {
    private final List<String> problems = new ArrayList<>();

    void problem(String where, String what) {
      problems.add(where + ": " + what);
    }

    String text(JsonNode node, String where, boolean required) {
      JsonNode value = node.path(where.substring(where.lastIndexOf('.') + 1));
      if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
        if (required) {
          problem(where, "is missing");
        }
        return null;
      }
      return value.asText().trim();
    }

    String zone(JsonNode node, String where) {
      String zone = text(node, where, true);
      if (zone != null && DirectoryRules.zoneProblem(zone) != null) {
        problem(where, DirectoryRules.zoneProblem(zone));
      }
      return zone;
    }

    String phone(JsonNode node, String where, String region, boolean required) {
      String raw = text(node, where, required);
      if (raw == null) {
        return null;
      }
      return PhoneNumbers.toE164(raw, region)
          .orElseGet(
              () -> {
                problem(where, DirectoryRules.notAPhoneNumber(raw));
                return null;
              });
    }

    /** A {@code true} or {@code false} that may be left out (meaning false). */
    boolean flag(JsonNode node, String where) {
      JsonNode value = node.path(where.substring(where.lastIndexOf('.') + 1));
      if (value.isMissingNode() || value.isNull()) {
        return false;
      }
      if (!value.isBoolean()) {
        problem(where, "'" + value.asText() + "' must be true or false");
        return false;
      }
      return value.booleanValue();
    }

    /**
     * A list of words each from {@code known}, each once.
     *
     * @param what what one word is, for messages ("a method")
     * @param required whether the list must be there and hold at least one word
     */
    List<String> words(
        JsonNode node, String where, List<String> known, String what, boolean required) {
      JsonNode value = node.path(where.substring(where.lastIndexOf('.') + 1));
      String expected = "(expected " + String.join(", ", known) + ")";
      if (value.isMissingNode() || value.isNull()) {
        if (required) {
          problem(where, "is missing " + expected);
        }
        return List.of();
      }
      if (!value.isArray()) {
        problem(where, "expected a list such as [" + String.join(", ", known) + "]");
        return List.of();
      }
      if (required && value.isEmpty()) {
        problem(where, "name at least one " + expected);
      }
      List<String> words = new ArrayList<>();
      for (JsonNode item : value) {
        String word = item.asText();
        if (!known.contains(word)) {
          problem(where, "'" + word + "' is not " + what + " " + expected);
        } else if (words.contains(word)) {
          problem(where, "'" + word + "' appears twice");
        } else {
          words.add(word);
        }
      }
      return words;
    }

    /** A lifetime in whole minutes from 1 to the maximum, or {@code fallback} when left out. */
    int minutes(JsonNode node, String where, int fallback) {
      JsonNode value = node.path(where.substring(where.lastIndexOf('.') + 1));
      if (value.isMissingNode() || value.isNull()) {
        return fallback;
      }
      if (!value.canConvertToInt()
          || !value.isIntegralNumber()
          || value.intValue() < 1
          || value.intValue() > MAX_MINUTES) {
        problem(where, "'" + value.asText() + "' must be whole minutes from 1 to " + MAX_MINUTES);
        return fallback;
      }
      return value.intValue();
    }

    LocalDate date(JsonNode node, String where) {
      String raw = text(node, where, true);
      if (raw == null) {
        return null;
      }
      try {
        return LocalDate.parse(raw);
      } catch (DateTimeParseException e) {
        problem(
            where, "'" + raw + "' is not a date (YYYY-MM-DD, when the number was" + " registered)");
        return null;
      }
    }

    void throwIfAny(String source) {
      if (!problems.isEmpty()) {
        throw new ImportError(source, problems);
      }
    }
  }
}
