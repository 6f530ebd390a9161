package io.callproof.console;

import static io.callproof.console.JsonReplies.error;
import static io.callproof.console.JsonReplies.fail;
import static io.callproof.console.JsonReplies.jsonBody;
import static io.callproof.console.JsonReplies.reply;

import io.callproof.directory.ContactImport;
import io.callproof.directory.DirectoryAdmin;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrators' JSON API, beside their pages: companies, contacts (read and change), and the
 * contacts CSV import with its preview. A request carries a technician's API token ({@code
 * Authorization: Bearer ...}) whose technician is an administrator's console user; a token of
 * anyone else, and anything of another tenant, is answered 404.
 */
final class AdminApi {

  private static final String API = "admin API";

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

  private final Pool pool;
  private final TenantRegistry tenants;
  private final DirectoryAdmin directory;
  private final ContactImport imports;
  private final Clock clock;

  AdminApi(
      Pool pool,
      TenantRegistry tenants,
      DirectoryAdmin directory,
      ContactImport imports,
      Clock clock) {
    this.pool = pool;
    this.tenants = tenants;
    this.directory = directory;
    this.imports = imports;
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler json = BodyHandler.create(false).setBodyLimit(16 * 1024);
    BodyHandler csv = BodyHandler.create(false).setBodyLimit(ContactImport.MAX_BYTES);
    router.get("/api/companies").handler(this::companies);
    router.get("/api/contacts").handler(this::contacts);
    router.get("/api/contacts/:id").handler(this::contact);
    router.patch("/api/contacts/:id").handler(json).handler(this::changeContact);
    router.post("/api/imports").handler(csv).handler(this::upload);
    router.get("/api/imports/:id").handler(this::preview);
    router.post("/api/imports/:id/commit").handler(json).handler(this::commit);
  }

  /** An administrator, as the token names them. */
  private record Admin(Tenant tenant, UUID userId) {}

  /**
   * Who a request's token names.
   *
   * @param token whether the request carries a valid token at all
   * @param admin the administrator it belongs to, if any
   */
  private record Access(boolean token, Optional<Admin> admin) {}

  private Future<Access> authenticate(RoutingContext ctx) {
    Optional<byte[]> hash = JsonReplies.bearerTokenHash(ctx);
    if (hash.isEmpty()) {
      return Future.succeededFuture(new Access(false, Optional.empty()));
    }
    return pool.preparedQuery(
            "select t.tenant_id, u.id from api_token t left join console_user u"
                + " on u.tenant_id = t.tenant_id and u.technician_id = t.technician_id"
                + " and u.role = 'admin' where t.token = $1 and t.revoked_at is null"
                + " order by u.id nulls last limit 1")
        .execute(Tuple.of(Buffer.buffer(hash.get())))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return new Access(false, Optional.empty());
              }
              Row row = rows.iterator().next();
              UUID user = row.getUUID("id");
              return new Access(
                  true,
                  user == null
                      ? Optional.empty()
                      : tenants.byId(row.getString("tenant_id")).map(t -> new Admin(t, user)));
            });
  }

  /** Runs {@code work} for an administrator: 401 without a valid token, 404 for anyone else. */
  private void asAdmin(RoutingContext ctx, Consumer<Admin> work) {
    authenticate(ctx)
        .onComplete(
            found -> {
              if (found.failed()) {
                fail(ctx, log, API, found.cause());
              } else if (!found.result().token()) {
                reply(ctx, 401, error("an API token is required (Authorization: Bearer <token>)"));
              } else if (found.result().admin().isEmpty()) {
                reply(ctx, 404, error("not found"));
              } else {
                work.accept(found.result().admin().get());
              }
            });
  }

  /**
   * Runs {@code work} for an administrator on the record the path's {@code :id} names; an id that
   * is not a UUID is answered 404 with {@code missing}, as a record that does not exist.
   */
  private void asAdminOn(RoutingContext ctx, String missing, BiConsumer<Admin, UUID> work) {
    asAdmin(
        ctx,
        admin -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          if (id == null) {
            reply(ctx, 404, error(missing));
          } else {
            work.accept(admin, id);
          }
        });
  }

  private void companies(RoutingContext ctx) {
    asAdmin(
        ctx,
        admin ->
            pool.preparedQuery(
                    "select co.id, co.name, co.time_zone, p.methods from company co"
                        + " left join policy p on p.tenant_id = co.tenant_id"
                        + " and p.company_id = co.id where co.tenant_id = $1 order by co.name")
                .execute(Tuple.of(admin.tenant().id()))
                .onComplete(
                    rows -> {
                      if (rows.failed()) {
                        fail(ctx, log, API, rows.cause());
                        return;
                      }
                      JsonArray list = new JsonArray();
                      for (Row r : rows.result()) {
                        String[] methods = r.getArrayOfStrings("methods");
                        list.add(
                            new JsonObject()
                                .put("id", r.getUUID("id").toString())
                                .put("name", r.getString("name"))
                                .put("time_zone", r.getString("time_zone"))
                                .put(
                                    "methods",
                                    methods == null
                                        ? null
                                        : new JsonArray(java.util.List.of(methods))));
                      }
                      reply(ctx, 200, new JsonObject().put("companies", list));
                    }));
  }

  private static final String CONTACT_COLUMNS =
      "c.id, c.first_name, c.last_name, c.email, c.employee_id, c.disabled,"
          + " c.authorised_requester, c.language, co.id as company_id, co.name as company,"
          + " (select coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'number', p.e164,"
          + " 'registered_at', p.registered_at) order by p.kind, p.e164), '[]')"
          + " from contact_phone p where p.tenant_id = c.tenant_id and p.contact_id = c.id)"
          + " as phones, (select count(*) from push_device d where d.tenant_id = c.tenant_id"
          + " and d.contact_id = c.id and d.removed_at is null) as devices";

  private static JsonObject contactJson(Row r) {
    JsonArray phones = new JsonArray();
    Object raw = r.getValue("phones");
    JsonArray stored = raw instanceof JsonArray a ? a : new JsonArray(raw.toString());
    for (int i = 0; i < stored.size(); i++) {
      JsonObject p = stored.getJsonObject(i);
      phones.add(
          new JsonObject()
              .put("kind", p.getString("kind"))
              .put("number", PhoneNumbers.mask(p.getString("number")))
              .put("registered_at", p.getString("registered_at")));
    }
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put(
            "company",
            new JsonObject()
                .put("id", r.getUUID("company_id").toString())
                .put("name", r.getString("company")))
        .put("first_name", r.getString("first_name"))
        .put("last_name", r.getString("last_name"))
        .put("email", r.getString("email"))
        .put("employee_id", r.getString("employee_id"))
        .put("authorised_requester", r.getBoolean("authorised_requester"))
        .put("disabled", r.getBoolean("disabled"))
        .put("language", r.getString("language"))
        .put("phones", phones)
        .put("devices", r.getLong("devices"));
  }

  private void contacts(RoutingContext ctx) {
    asAdmin(
        ctx,
        admin -> {
          String q = ctx.request().getParam("q");
          String like = q == null || q.isBlank() ? "%" : "%" + q.trim().toLowerCase() + "%";
          pool.preparedQuery(
                  "select "
                      + CONTACT_COLUMNS
                      + " from contact c join company co on co.tenant_id = c.tenant_id"
                      + " and co.id = c.company_id where c.tenant_id = $1 and lower(c.first_name"
                      + " || ' ' || c.last_name || ' ' || coalesce(c.email, '')) like $2"
                      + " order by co.name, c.last_name, c.first_name limit 500")
              .execute(Tuple.of(admin.tenant().id(), like))
              .onComplete(
                  rows -> {
                    if (rows.failed()) {
                      fail(ctx, log, API, rows.cause());
                      return;
                    }
                    JsonArray list = new JsonArray();
                    rows.result().forEach(r -> list.add(contactJson(r)));
                    reply(ctx, 200, new JsonObject().put("contacts", list));
                  });
        });
  }

  private Future<Optional<JsonObject>> findContact(String tenantId, UUID id) {
    return pool.preparedQuery(
            "select "
                + CONTACT_COLUMNS
                + " from contact c join company co on co.tenant_id = c.tenant_id"
                + " and co.id = c.company_id where c.tenant_id = $1 and c.id = $2")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(contactJson(rows.iterator().next())));
  }

  private void contact(RoutingContext ctx) {
    asAdminOn(
        ctx,
        "no such contact",
        (admin, id) ->
            findContact(admin.tenant().id(), id).onComplete(found -> replyContact(ctx, found)));
  }

  private static void replyContact(
      RoutingContext ctx, io.vertx.core.AsyncResult<Optional<JsonObject>> found) {
    if (found.failed()) {
      fail(ctx, log, API, found.cause());
    } else if (found.result().isEmpty()) {
      reply(ctx, 404, error("no such contact"));
    } else {
      reply(ctx, 200, found.result().get());
    }
  }

  /** Changes the fields the body names; the others keep their values. */
  private void changeContact(RoutingContext ctx) {
    asAdminOn(
        ctx,
        "no such contact",
        (admin, id) -> {
          JsonObject body = jsonBody(ctx);
          if (body == null) {
            reply(ctx, 400, error("the body must be a JSON object of the fields to change"));
            return;
          }
          String tenantId = admin.tenant().id();
          findContact(tenantId, id)
              .compose(
                  found -> {
                    if (found.isEmpty()) {
                      return Future.succeededFuture(false);
                    }
                    JsonObject now = found.get();
                    DirectoryAdmin.ContactChange change;
                    try {
                      change =
                          new DirectoryAdmin.ContactChange(
                              text(body, now, "first_name"),
                              text(body, now, "last_name"),
                              text(body, now, "email"),
                              text(body, now, "employee_id"),
                              flag(body, now, "authorised_requester"),
                              flag(body, now, "disabled"),
                              text(body, now, "language"));
                    } catch (IllegalArgumentException e) {
                      return Future.failedFuture(e);
                    }
                    return directory.updateContact(
                        tenantId, id, change, admin.userId().toString(), clock.instant());
                  })
              .onComplete(
                  done -> {
                    if (done.failed() && done.cause() instanceof IllegalArgumentException) {
                      reply(ctx, 400, error(done.cause().getMessage()));
                    } else if (done.failed()) {
                      fail(ctx, log, API, done.cause());
                    } else if (!done.result()) {
                      reply(ctx, 404, error("no such contact"));
                    } else {
                      findContact(tenantId, id).onComplete(found -> replyContact(ctx, found));
                    }
                  });
        });
  }

  private static String text(JsonObject body, JsonObject now, String field) {
    if (!body.containsKey(field)) {
      return now.getString(field);
    }
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException(field + ": must be a string or null");
    }
    String text = (String) value;
    return text == null || text.isBlank() ? null : text.trim();
  }

  private static boolean flag(JsonObject body, JsonObject now, String field) {
    if (!body.containsKey(field)) {
      return Boolean.TRUE.equals(now.getBoolean(field));
    }
    if (!(body.getValue(field) instanceof Boolean b)) {
      throw new IllegalArgumentException(field + ": must be true or false");
    }
    return b;
  }

  private void upload(RoutingContext ctx) {
    asAdmin(
        ctx,
        admin -> {
          byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
          imports
              .upload(
                  pool,
                  admin.tenant().id(),
                  admin.userId(),
                  ctx.request().getParam("file_name"),
                  bytes,
                  clock.instant())
              .compose(
                  id ->
                      imports
                          .preview(
                              pool,
                              admin.tenant(),
                              new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                          .map(p -> previewJson(id, p, null)))
              .onComplete(
                  done -> {
                    if (done.failed() && done.cause() instanceof IllegalArgumentException) {
                      reply(ctx, 400, error(done.cause().getMessage()));
                    } else if (done.failed()) {
                      fail(ctx, log, API, done.cause());
                    } else {
                      reply(ctx, 201, done.result());
                    }
                  });
        });
  }

  private static JsonObject previewJson(
      UUID id, ContactImport.Preview preview, ContactImport.Upload upload) {
    JsonArray problems = new JsonArray();
    preview
        .problems()
        .forEach(
            p ->
                problems.add(
                    new JsonObject()
                        .put("row", p.row())
                        .put("column", p.column())
                        .put("message", p.message())));
    return new JsonObject()
        .put("id", id.toString())
        .put("rows", preview.contacts().size())
        .put("valid", preview.valid().size())
        .put("problems", problems)
        .put("imported", upload != null && upload.importedAt() != null)
        .put("imported_rows", upload == null ? 0 : upload.imported());
  }

  private void preview(RoutingContext ctx) {
    asAdminOn(
        ctx,
        "no such import",
        (admin, id) -> {
          imports
              .find(pool, admin.tenant().id(), id)
              .compose(
                  upload ->
                      upload.isEmpty()
                          ? Future.succeededFuture((JsonObject) null)
                          : imports
                              .preview(pool, admin.tenant(), upload.get().csv())
                              .map(p -> previewJson(id, p, upload.get())))
              .onComplete(
                  done -> {
                    if (done.failed()) {
                      fail(ctx, log, API, done.cause());
                    } else if (done.result() == null) {
                      reply(ctx, 404, error("no such import"));
                    } else {
                      reply(ctx, 200, done.result());
                    }
                  });
        });
  }

  private void commit(RoutingContext ctx) {
    asAdminOn(
        ctx,
        "no such import",
        (admin, id) -> {
          JsonObject body = jsonBody(ctx);
          boolean onlyValid = body != null && Boolean.TRUE.equals(body.getValue("only_valid"));
          imports
              .commit(
                  pool, admin.tenant(), id, onlyValid, admin.userId().toString(), clock.instant())
              .onComplete(
                  done -> {
                    if (done.failed()) {
                      fail(ctx, log, API, done.cause());
                      return;
                    }
                    ContactImport.Result r = done.result();
                    JsonObject json =
                        new JsonObject().put("imported", r.imported()).put("skipped", r.skipped());
                    switch (r.outcome()) {
                      case IMPORTED -> reply(ctx, 200, json.put("status", "imported"));
                      case NOT_FOUND -> reply(ctx, 404, error("no such import"));
                      case HAS_PROBLEMS ->
                          reply(
                              ctx,
                              422,
                              json.put("status", "has-problems")
                                  .put(
                                      "error",
                                      "the file has problems; send {\"only_valid\": true} to"
                                          + " import only its valid rows"));
                      case NOTHING_TO_IMPORT ->
                          reply(
                              ctx,
                              409,
                              json.put("status", "nothing-to-import")
                                  .put("error", "imported already, or no valid row"));
                    }
                  });
        });
  }
}
