package io.callproof.route;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Which technicians a call routed to the helpdesk rings. */
public final class Technicians {

  /** The tenant's available technicians, in technician ID order. */
  public Future<List<Technician>> available(SqlClient client, String tenantId) {
    return client
        .preparedQuery(
            "select id, name, client_identity, phone, sip_endpoint from technician"
                + " where tenant_id = $1 and available and active order by id")
        .execute(Tuple.of(tenantId))
        .map(Technicians::technicians);
  }

  /**
   * The technician with this ID, if they still work for the tenant and are available; otherwise
   * empty, and the caller goes to the queue instead.
   */
  public Future<List<Technician>> availableById(
      SqlClient client, String tenantId, String technicianId) {
    return client
        .preparedQuery(
            "select id, name, client_identity, phone, sip_endpoint from technician"
                + " where tenant_id = $1 and id = $2 and available and active")
        .execute(Tuple.of(tenantId, technicianId))
        .map(Technicians::technicians);
  }

  private static List<Technician> technicians(RowSet<Row> rows) {
    List<Technician> list = new ArrayList<>();
    for (Row row : rows) {
      list.add(
          new Technician(
              row.getString("id"),
              row.getString("name"),
              row.getString("client_identity"),
              row.getString("phone"),
              row.getString("sip_endpoint")));
    }
    return list;
  }
}
