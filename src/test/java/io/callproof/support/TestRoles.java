package io.callproof.support;

import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * A pair of login roles made for one test class on the test server: an owner that migrates the
 * schema and a runtime role the service runs as. Their names are unique, and they are dropped
 * afterwards (after the databases they own or hold rights in).
 */
public final class TestRoles {

  private final String owner;
  private final String runtime;

  private TestRoles(String suffix) {
    this.owner = "callproof_owner_" + suffix;
    this.runtime = "callproof_app_" + suffix;
  }

  /** Creates both roles, with no rights but to log in. */
  public static TestRoles create(Vertx vertx) {
    TestRoles roles = new TestRoles(UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    TestDatabase.onServer(vertx, "create role " + roles.owner + " login");
    TestDatabase.onServer(vertx, "create role " + roles.runtime + " login");
    return roles;
  }

  /** The owner's name. */
  public String owner() {
    return owner;
  }

  /** The runtime role's name. */
  public String runtime() {
    return runtime;
  }

  /** Drops both roles; the databases they own must be dropped first. */
  public void drop(Vertx vertx) {
    TestDatabase.onServer(vertx, "drop role if exists " + runtime);
    TestDatabase.onServer(vertx, "drop role if exists " + owner);
  }
}
