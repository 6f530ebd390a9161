package io.callproof.console;

import io.callproof.directory.ContactImport;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contacts import, for administrators: upload a CSV file, read its preview with every problem
 * by row and column, then import it (only when it has no problem) or, on request, only its valid
 * rows.
 */
final class ImportPages {

  private static final Logger log = LoggerFactory.getLogger(ImportPages.class);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy h:mm a", Locale.US);

  private final Vertx vertx;
  private final Pool pool;
  private final TenantRegistry tenants;
  private final ConsoleSessions sessions;
  private final ContactImport imports;
  private final Path uploads;
  private final Clock clock;

  /**
   * @param uploads a folder for uploads in flight; each is deleted once its request ends
   */
  ImportPages(
      Vertx vertx,
      Pool pool,
      TenantRegistry tenants,
      ConsoleSessions sessions,
      ContactImport imports,
      Path uploads,
      Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.tenants = tenants;
    this.sessions = sessions;
    this.imports = imports;
    this.uploads = uploads;
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler files =
        BodyHandler.create(uploads.toString())
            .setBodyLimit(ContactImport.MAX_BYTES + 64 * 1024)
            .setDeleteUploadedFilesOnEnd(true);
    BodyHandler form = BodyHandler.create(false).setBodyLimit(8 * 1024);
    router.get("/console/admin/imports").handler(this::uploadPage);
    router.post("/console/admin/imports").handler(files).handler(this::upload);
    router.get("/console/admin/imports/:id").handler(this::preview);
    router.post("/console/admin/imports/:id/commit").handler(form).handler(this::commit);
  }

  private void uploadPage(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session -> {
          ZoneId zone = tenants.zoneOf(session.tenantId());
          pool.preparedQuery(
                  "select id, file_name, uploaded_at, imported_at, imported_rows"
                      + " from contact_import where tenant_id = $1 order by uploaded_at desc"
                      + " limit 20")
              .execute(Tuple.of(session.tenantId()))
              .onComplete(
                  rows -> {
                    if (rows.failed()) {
                      ConsoleView.unavailable(ctx, rows.cause());
                      return;
                    }
                    StringBuilder html = new StringBuilder();
                    html.append(
                            "<form method=\"post\" action=\"/console/admin/imports\""
                                + " enctype=\"multipart/form-data\" class=\"admin-form\">")
                        .append(ConsoleView.csrfField(session))
                        .append("<div class=\"field\"><label for=\"file\">CSV file</label>")
                        .append("<input id=\"file\" name=\"file\" type=\"file\"")
                        .append(" accept=\".csv,text/csv\" required></div>")
                        .append(Forms.button("Upload and preview"))
                        .append("</form><p class=\"note\">Columns: ")
                        .append(String.join(", ", ContactImport.COLUMNS))
                        .append(". ConnectWise and Autotask contact exports are read as they")
                        .append(" are (their header names are accepted). Nothing is imported")
                        .append(" before you have seen the preview.</p>");
                    if (rows.result().size() > 0) {
                      html.append("<h2>Earlier files</h2><ul class=\"results\">");
                      for (Row r : rows.result()) {
                        html.append("<li><a href=\"/console/admin/imports/")
                            .append(r.getUUID("id"))
                            .append("\">")
                            .append(Html.escape(name(r.getString("file_name"))))
                            .append("</a> uploaded ")
                            .append(
                                WHEN.format(
                                    r.getOffsetDateTime("uploaded_at").atZoneSameInstant(zone)))
                            .append(
                                r.getValue("imported_at") == null
                                    ? " (not imported)"
                                    : " ("
                                        + r.getInteger("imported_rows")
                                        + (r.getInteger("imported_rows") == 1
                                            ? " contact"
                                            : " contacts")
                                        + " imported)")
                            .append("</li>");
                      }
                      html.append("</ul>");
                    }
                    ConsoleView.page(ctx, 200, "Import contacts", session, html.toString(), null);
                  });
        });
  }

  private static String name(String fileName) {
    return fileName == null || fileName.isBlank() ? "contacts.csv" : fileName;
  }

  private void upload(RoutingContext ctx) {
    sessions.adminChange(
        ctx,
        session -> {
          List<FileUpload> files = ctx.fileUploads();
          if (files.isEmpty()) {
            Forms.refused(
                ctx, session, "file: choose a CSV file to upload", "/console/admin/imports");
            return;
          }
          FileUpload file = files.get(0);
          vertx
              .fileSystem()
              .readFile(file.uploadedFileName())
              .compose(
                  bytes ->
                      imports.upload(
                          pool,
                          session.tenantId(),
                          session.user().id(),
                          file.fileName(),
                          bytes.getBytes(),
                          clock.instant()))
              .onComplete(
                  id -> {
                    if (id.failed() && id.cause() instanceof IllegalArgumentException) {
                      Forms.refused(
                          ctx,
                          session,
                          "file: " + id.cause().getMessage(),
                          "/console/admin/imports");
                    } else if (id.failed()) {
                      ConsoleView.unavailable(ctx, id.cause());
                    } else {
                      log.info(
                          "tenant={} contacts file {} uploaded by {}",
                          session.tenantId(),
                          id.result(),
                          session.user().id());
                      ConsoleView.redirect(ctx, "/console/admin/imports/" + id.result());
                    }
                  });
        });
  }

  private void preview(RoutingContext ctx) {
    sessions.adminPage(
        ctx,
        session -> {
          UUID id = Ids.uuid(ctx.pathParam("id"));
          Tenant tenant = tenants.byId(session.tenantId()).orElse(null);
          if (id == null || tenant == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          imports
              .find(pool, tenant.id(), id)
              .compose(
                  upload ->
                      upload.isEmpty()
                          ? Future.succeededFuture((String) null)
                          : imports
                              .preview(pool, tenant, upload.get().csv())
                              .map(
                                  p ->
                                      previewPage(
                                          session, upload.get(), p, tenants.zoneOf(tenant.id()))))
              .onComplete(
                  page -> {
                    if (page.failed()) {
                      ConsoleView.unavailable(ctx, page.cause());
                    } else if (page.result() == null) {
                      ConsoleView.notFound(ctx, session);
                    } else {
                      ConsoleView.page(ctx, 200, "Import preview", session, page.result(), null);
                    }
                  });
        });
  }

  private static String previewPage(
      ConsoleSessions.Session session,
      ContactImport.Upload upload,
      ContactImport.Preview preview,
      ZoneId zone) {
    StringBuilder html = new StringBuilder();
    List<ContactImport.Problem> problems = preview.problems();
    int valid = preview.valid().size();
    html.append("<p>")
        .append(Html.escape(name(upload.fileName())))
        .append(": ")
        .append(preview.contacts().size())
        .append(" rows, ")
        .append(valid)
        .append(" valid, ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem." : " problems.")
        .append("</p>");
    if (upload.importedAt() != null) {
      html.append("<p class=\"done\" role=\"status\" id=\"imported\">\u2713 Imported ")
          .append(WHEN.format(upload.importedAt().atZone(zone)))
          .append(": ")
          .append(upload.imported())
          .append(upload.imported() == 1 ? " contact." : " contacts.")
          .append("</p><p><a href=\"/console/admin/contacts\">See the contacts</a></p>");
      return html.toString();
    }
    if (!problems.isEmpty()) {
      html.append("<section class=\"problems\" aria-labelledby=\"problems-title\">")
          .append("<h2 id=\"problems-title\">\u26a0 Problems</h2><ol id=\"problems\">");
      for (ContactImport.Problem p : problems) {
        html.append("<li>").append(Html.escape(p.toString())).append("</li>");
      }
      html.append("</ol><p>Nothing is imported from a file with problems. Correct the file and")
          .append(" upload it again")
          .append(valid > 0 ? ", or import only its valid rows." : ".")
          .append("</p></section>");
    }
    html.append(columns(preview.columns()));
    if (valid > 0) {
      html.append(
          Forms.open(session, "/console/admin/imports/" + upload.id() + "/commit", "commit"));
      if (problems.isEmpty()) {
        html.append(Forms.button("Import " + valid + (valid == 1 ? " contact" : " contacts")));
      } else {
        html.append(Forms.hidden("only_valid", "yes"))
            .append(
                "<button type=\"submit\" class=\"secondary\" id=\"import-valid\">Import only"
                    + (valid == 1 ? " the valid row" : " the " + valid + " valid rows")
                    + "</button>");
      }
      html.append("</form>");
    }
    html.append(rows(preview));
    return html.toString();
  }

  private static String columns(Map<String, String> columns) {
    StringBuilder html = new StringBuilder("<h2>Columns</h2><ul class=\"columns\">");
    columns.forEach(
        (header, column) ->
            html.append("<li>")
                .append(Html.escape(header))
                .append(column == null ? ": ignored" : " \u2192 " + Html.escape(column))
                .append("</li>"));
    return html.append("</ul>").toString();
  }

  private static String rows(ContactImport.Preview preview) {
    StringBuilder html =
        new StringBuilder(
            "<h2>Rows</h2><table class=\"list preview\"><thead><tr><th>Row</th><th>Status</th>"
                + "<th>Name</th><th>Company</th><th>Email</th><th>Mobile</th><th>Work</th>"
                + "<th>Language</th></tr></thead><tbody>");
    for (ContactImport.Contact c : preview.contacts()) {
      html.append("<tr id=\"row-")
          .append(c.row())
          .append("\" data-valid=\"")
          .append(c.valid())
          .append("\"><td>")
          .append(c.row())
          .append("</td><td>")
          .append(
              c.valid()
                  ? "<span class=\"tag\">\u2713 ready</span>"
                  : "<span class=\"tag tag-off\">\u2715 "
                      + c.problems().size()
                      + (c.problems().size() == 1 ? " problem" : " problems")
                      + "</span>")
          .append("</td><td>")
          .append(Html.escape(join(c.firstName(), c.lastName())))
          .append("</td><td>")
          .append(Html.escape(c.company()))
          .append("</td><td>")
          .append(Html.escape(c.email()))
          .append("</td><td>")
          .append(c.mobile() == null ? "" : Html.escape(PhoneNumbers.mask(c.mobile())))
          .append("</td><td>")
          .append(c.workPhone() == null ? "" : Html.escape(PhoneNumbers.mask(c.workPhone())))
          .append("</td><td>")
          .append(Html.escape(c.language()))
          .append("</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static String join(String first, String last) {
    return ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
  }

  private void commit(RoutingContext ctx) {
    sessions.adminChangeOn(
        ctx,
        (session, id) -> {
          Tenant tenant = tenants.byId(session.tenantId()).orElse(null);
          if (tenant == null) {
            ConsoleView.notFound(ctx, session);
            return;
          }
          boolean onlyValid = Forms.ticked(ctx, "only_valid");
          imports
              .commit(pool, tenant, id, onlyValid, session.by(), clock.instant())
              .onComplete(
                  result -> {
                    if (result.failed()) {
                      ConsoleView.unavailable(ctx, result.cause());
                      return;
                    }
                    String back = "/console/admin/imports/" + id;
                    switch (result.result().outcome()) {
                      case NOT_FOUND -> ConsoleView.notFound(ctx, session);
                      case HAS_PROBLEMS ->
                          Forms.refused(
                              ctx,
                              session,
                              "The file has problems, so nothing was imported. Choose \"Import"
                                  + " only the valid rows\" to leave the rows with problems out.",
                              back);
                      case NOTHING_TO_IMPORT ->
                          Forms.refused(
                              ctx,
                              session,
                              "Nothing to import: the file was imported already, or none of its"
                                  + " rows is valid.",
                              back);
                      case IMPORTED -> {
                        log.info(
                            "tenant={} contacts file {} imported: {} contacts, {} rows left out",
                            tenant.id(),
                            id,
                            result.result().imported(),
                            result.result().skipped());
                        ConsoleView.redirect(ctx, back);
                      }
                    }
                  });
        });
  }
}
