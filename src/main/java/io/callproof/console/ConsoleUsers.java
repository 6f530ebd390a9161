package io.callproof.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The people who sign in to the console: technicians and administrators of one tenant each.
 * Passwords are kept only as bcrypt hashes (cost {@value #COST}); five wrong passwords in a row
 * lock the account for 15 minutes, whoever is typing them.
 */
public final class ConsoleUsers {

  /** Wrong passwords in a row that lock an account. */
  public static final int MAX_FAILURES = 5;

  /** How long a lock-out lasts. */
  public static final Duration LOCK_OUT = Duration.ofMinutes(15);

  /** The fewest characters a password may have. */
  public static final int MIN_PASSWORD = 12;

  static final Set<String> ROLES = Set.of("technician", "admin");

  private static final int COST = 12;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** A hash of nothing anybody knows, checked for unknown emails so they take as long. */
  private static final byte[] DECOY =
      BCrypt.withDefaults().hash(COST, "no such user".getBytes(StandardCharsets.UTF_8));

  private final Vertx vertx;
  private final Pool pool;
  private final AuditTrail audit;

  public ConsoleUsers(Vertx vertx, Pool pool, AuditTrail audit) {
    this.vertx = vertx;
    this.pool = pool;
    this.audit = audit;
  }

  /**
   * A signed-in user.
   *
   * @param technicianId the technician this user is, or {@code null} for an administrator who takes
   *     no calls
   */
  public record User(
      String tenantId, UUID id, String email, String name, String role, String technicianId) {}

  /** What a sign-in attempt came to. */
  public enum Outcome {
    SIGNED_IN,
    WRONG,
    LOCKED
  }

  /**
   * The answer to a sign-in.
   *
   * @param user the user, when signed in; otherwise {@code null}
   */
  public record SignIn(Outcome outcome, User user) {}

  /**
   * Adds a console user to a tenant.
   *
   * @param technicianId the technician the user is, or {@code null}
   * @return the new user's id; fails with a message naming what is wrong
   */
  public Future<UUID> add(
      String tenantId,
      String email,
      String name,
      String role,
      String technicianId,
      String password,
      Instant now) {
    String problem = problem(email, name, role, password);
    if (problem != null) {
      return Future.failedFuture(new IllegalArgumentException(problem));
    }
    UUID id = UUID.randomUUID();
    String normalised = email.trim().toLowerCase(Locale.ROOT);
    return vertx
        .executeBlocking(() -> hash(password))
        .compose(
            hash ->
                pool.withTransaction(
                    tx ->
                        checkTechnician(tx, tenantId, technicianId)
                            .compose(
                                v ->
                                    tx.preparedQuery(
                                            "insert into console_user (tenant_id, id, email, name,"
                                                + " role, technician_id, password_hash, created_at)"
                                                + " values ($1, $2, $3, $4, $5, $6, $7, $8)"
                                                + " on conflict (email) do nothing")
                                        .execute(
                                            Tuple.of(tenantId, id, normalised, name.trim(), role)
                                                .addValue(technicianId)
                                                .addValue(hash)
                                                .addValue(now.atOffset(ZoneOffset.UTC))))
                            .compose(
                                rows ->
                                    rows.rowCount() == 0
                                        ? Future.failedFuture(
                                            new IllegalArgumentException(
                                                "a console user with the email "
                                                    + normalised
                                                    + " exists already"))
                                        : audit.append(
                                            tx,
                                            tenantId,
                                            now,
                                            List.of(
                                                new AuditEvent(
                                                    "console-user-added",
                                                    null,
                                                    null,
                                                    Map.of("user", id.toString(), "role", role)))))
                            .map(v -> id)));
  }

  private static String problem(String email, String name, String role, String password) {
    if (email == null || !EMAIL.matcher(email.trim()).matches()) {
      return "email '" + email + "' is not an email address";
    }
    if (name == null || name.isBlank()) {
      return "name must not be empty";
    }
    if (!ROLES.contains(role)) {
      return "role '" + role + "' is not a role (expected technician or admin)";
    }
    if (password == null || password.length() < MIN_PASSWORD) {
      return "the password must have at least " + MIN_PASSWORD + " characters";
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
      return "the password must be at most 72 bytes (bcrypt reads no further)";
    }
    return null;
  }

  private static Future<Void> checkTechnician(SqlClient tx, String tenantId, String technicianId) {
    Future<Void> tenant =
        tx.preparedQuery("select 1 from tenant where id = $1")
            .execute(Tuple.of(tenantId))
            .compose(
                rows ->
                    rows.size() == 0
                        ? Future.failedFuture(
                            new IllegalArgumentException("there is no tenant '" + tenantId + "'"))
                        : Future.succeededFuture());
    if (technicianId == null) {
      return tenant;
    }
    return tenant
        .compose(
            v ->
                tx.preparedQuery("select 1 from technician where tenant_id = $1 and id = $2")
                    .execute(Tuple.of(tenantId, technicianId)))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(
                        new IllegalArgumentException(
                            "tenant '" + tenantId + "' has no technician '" + technicianId + "'"))
                    : Future.succeededFuture());
  }

  /**
   * Checks an email and password. A wrong password counts towards the lock-out; the fifth in a row
   * locks the account for {@link #LOCK_OUT}, and while it is locked even the right password is
   * refused. An unknown email is {@link Outcome#WRONG} after as long as a known one takes.
   */
  public Future<SignIn> signIn(String email, String password, Instant now) {
    String normalised = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    return pool.preparedQuery(
            "select tenant_id, id, email, name, role, technician_id, password_hash,"
                + " locked_until from console_user where email = $1")
        .execute(Tuple.of(normalised))
        .compose(
            rows -> {
              Row row = rows.size() == 0 ? null : rows.iterator().next();
              byte[] hash =
                  row == null
                      ? DECOY
                      : row.getString("password_hash").getBytes(StandardCharsets.UTF_8);
              return vertx
                  .executeBlocking(() -> matches(password, hash))
                  .compose(right -> decide(row, right, now));
            });
  }

  private Future<SignIn> decide(Row row, boolean right, Instant now) {
    if (row == null) {
      return Future.succeededFuture(new SignIn(Outcome.WRONG, null));
    }
    User user =
        new User(
            row.getString("tenant_id"),
            row.getUUID("id"),
            row.getString("email"),
            row.getString("name"),
            row.getString("role"),
            row.getString("technician_id"));
    java.time.OffsetDateTime lockedUntil = row.getOffsetDateTime("locked_until");
    if (lockedUntil != null && lockedUntil.toInstant().isAfter(now)) {
      return Future.succeededFuture(new SignIn(Outcome.LOCKED, null));
    }
    return right ? signedIn(user) : failed(user, now);
  }

  private Future<SignIn> signedIn(User user) {
    return pool.preparedQuery(
            "update console_user set failed_sign_ins = 0, locked_until = null"
                + " where tenant_id = $1 and id = $2")
        .execute(Tuple.of(user.tenantId(), user.id()))
        .map(r -> new SignIn(Outcome.SIGNED_IN, user));
  }

  private Future<SignIn> failed(User user, Instant now) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "update console_user set failed_sign_ins = failed_sign_ins + 1"
                        + " where tenant_id = $1 and id = $2 returning failed_sign_ins")
                .execute(Tuple.of(user.tenantId(), user.id()))
                .compose(
                    rows ->
                        rows.iterator().next().getInteger(0) < MAX_FAILURES
                            ? Future.succeededFuture(new SignIn(Outcome.WRONG, null))
                            : lock(tx, user, now)));
  }

  private Future<SignIn> lock(SqlClient tx, User user, Instant now) {
    Instant until = now.plus(LOCK_OUT);
    return tx.preparedQuery(
            "update console_user set failed_sign_ins = 0, locked_until = $3"
                + " where tenant_id = $1 and id = $2")
        .execute(Tuple.of(user.tenantId(), user.id(), until.atOffset(ZoneOffset.UTC)))
        .compose(
            r ->
                audit.append(
                    tx,
                    user.tenantId(),
                    now,
                    List.of(
                        new AuditEvent(
                            "console-user-locked",
                            null,
                            null,
                            Map.of(
                                "user",
                                user.id().toString(),
                                "until",
                                until.toString(),
                                "alert",
                                "repeated-failures")))))
        .map(v -> new SignIn(Outcome.LOCKED, null));
  }

  /**
   * The email addresses of a tenant's administrators (console users with the {@code admin} role),
   * whom alerts are mailed to.
   */
  public static Future<List<String>> administratorEmails(SqlClient client, String tenantId) {
    return client
        .preparedQuery(
            "select email from console_user where tenant_id = $1 and role = 'admin' order by email")
        .execute(Tuple.of(tenantId))
        .map(
            rows ->
                java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                    .map(row -> row.getString(0))
                    .toList());
  }

  /** The user with this id in this tenant, for a session. */
  Future<User> byId(String tenantId, UUID id) {
    return pool.preparedQuery(
            "select tenant_id, id, email, name, role, technician_id from console_user"
                + " where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              return new User(
                  row.getString("tenant_id"),
                  row.getUUID("id"),
                  row.getString("email"),
                  row.getString("name"),
                  row.getString("role"),
                  row.getString("technician_id"));
            });
  }

  /**
   * Changes a user's role in its tenant, with its audit event. An administrator cannot take away
   * their own role, so that a tenant never loses its last way in by a slip.
   *
   * @return {@code false} when the tenant has no such user
   */
  Future<Boolean> setRole(String tenantId, UUID user, String role, UUID by, Instant now) {
    if (!ROLES.contains(role)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "role: '" + role + "' is not a role (expected technician or admin)"));
    }
    if (user.equals(by) && !"admin".equals(role)) {
      return Future.failedFuture(
          new IllegalArgumentException("role: you cannot take away your own administrator role"));
    }
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("update console_user set role = $3 where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, user, role))
                .compose(
                    r ->
                        r.rowCount() == 0
                            ? Future.succeededFuture(false)
                            : audit
                                .append(
                                    tx,
                                    tenantId,
                                    now,
                                    List.of(
                                        new AuditEvent(
                                            "console-user-role-changed",
                                            null,
                                            null,
                                            Map.of(
                                                "user", user.toString(),
                                                "role", role,
                                                "by", by.toString()))))
                                .map(true)));
  }

  private static String hash(String password) {
    return new String(
        BCrypt.withDefaults().hash(COST, password.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  private static boolean matches(String password, byte[] hash) {
    byte[] given = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    if (given.length > 72) {
      return false;
    }
    return BCrypt.verifyer().verify(given, hash).verified;
  }
}
