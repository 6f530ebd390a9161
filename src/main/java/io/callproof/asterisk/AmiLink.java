package io.callproof.asterisk;

import io.callproof.call.CallService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.InetAddress;
import java.util.Map;
import java.util.UUID;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager (AMI) connection to one PBX: it closes calls this node runs when the PBX reports
 * their hang-up, and places outbound calls. Until the first login succeeds it tries again with a
 * growing pause (1 s, doubling, at most 60 s); once logged in, asterisk-java reconnects by itself
 * after a dropped connection (at once ten times, then every 5 s).
 */
final class AmiLink implements ManagerEventListener {

  private static final Logger log = LoggerFactory.getLogger(AmiLink.class);
  private static final long FIRST_PAUSE_MILLIS = 1_000;
  private static final long LONGEST_PAUSE_MILLIS = 60_000;
  private static final long ORIGINATE_TIMEOUT_MILLIS = 30_000;

  private final InetAddress pbx;
  private final String tenantId;
  private final ManagerConnection connection;
  private final LiveCalls live;
  private final CallService calls;
  private final Thread connector;
  private volatile boolean stopped;

  AmiLink(
      InetAddress pbx,
      String tenantId,
      int port,
      String username,
      String secret,
      LiveCalls live,
      CallService calls) {
    this.pbx = pbx;
    this.tenantId = tenantId;
    this.connection =
        new ManagerConnectionFactory(pbx.getHostAddress(), port, username, secret)
            .createManagerConnection();
    this.live = live;
    this.calls = calls;
    connection.setKeepAliveAfterAuthenticationFailure(true);
    connection.addEventListener(this);
    this.connector = new Thread(this::connect, "callproof-ami-" + pbx.getHostAddress());
    connector.setDaemon(true);
  }

  /** Starts connecting in the background. */
  void start() {
    connector.start();
  }

  /** The PBX this link speaks to. */
  InetAddress pbx() {
    return pbx;
  }

  /** The tenant the PBX is bound to. */
  String tenantId() {
    return tenantId;
  }

  /** Whether the link is logged in now. */
  boolean connected() {
    return connection.getState() == ManagerConnectionState.CONNECTED;
  }

  private void connect() {
    long pause = FIRST_PAUSE_MILLIS;
    while (!stopped) {
      try {
        connection.login("call");
        return;
      } catch (Exception e) {
        log.warn(
            "tenant={} pbx={} AMI login failed: {}; trying again in {} ms (check manager.conf"
                + " and CALLPROOF_AMI_*)",
            tenantId,
            pbx.getHostAddress(),
            e.toString(),
            pause);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
    }
  }

  @Override
  public void onManagerEvent(ManagerEvent event) {
    if (event instanceof HangupEvent hangup) {
      hungUp(hangup);
    } else if (event instanceof ConnectEvent) {
      log.info("tenant={} pbx={} AMI connected", tenantId, pbx.getHostAddress());
    } else if (event instanceof DisconnectEvent && !stopped) {
      log.warn(
          "tenant={} pbx={} AMI connection lost; reconnecting", tenantId, pbx.getHostAddress());
    }
  }

  private void hungUp(HangupEvent event) {
    String uniqueId = event.getUniqueId();
    if (uniqueId == null) {
      return;
    }
    live.remove(pbx, uniqueId)
        .ifPresent(
            call ->
                calls
                    .end(call.tenant(), call.context().callSid(), "hangup")
                    .onSuccess(
                        closed ->
                            log.info(
                                "{} hang-up reported by AMI (cause {})",
                                call.context(),
                                event.getCause()))
                    .onFailure(
                        e ->
                            log.warn(
                                "{} hang-up reported by AMI, but the call could not be closed:"
                                    + " {}",
                                call.context(),
                                e.toString())));
  }

  /**
   * Asks the PBX to call {@code to} through the dialplan context {@code callproof-outbound}.
   *
   * @return the id given to the attempt (also the channel variable {@code CALLPROOF_OUTBOUND_ID}),
   *     once the PBX has queued it
   */
  Future<String> originate(String to, Map<String, String> variables) {
    if (!connected()) {
      return Future.failedFuture(
          new IllegalStateException(
              "the AMI connection to " + pbx.getHostAddress() + " is not logged in"));
    }
    String id = UUID.randomUUID().toString();
    OriginateAction originate = new OriginateAction();
    originate.setChannel("Local/" + to + "@callproof-outbound");
    originate.setContext("callproof-outbound-answered");
    originate.setExten("s");
    originate.setPriority(1);
    originate.setAsync(true);
    originate.setTimeout(ORIGINATE_TIMEOUT_MILLIS);
    originate.setVariables(new java.util.LinkedHashMap<>(variables));
    originate.setVariable("CALLPROOF_OUTBOUND_ID", id);
    Promise<String> placed = Promise.promise();
    try {
      connection.sendAction(
          originate,
          response -> {
            if (response instanceof ManagerError) {
              placed.fail("the PBX refused the call: " + response.getMessage());
            } else {
              placed.complete(id);
            }
          });
    } catch (Exception e) {
      placed.fail(e);
    }
    return placed.future();
  }

  /** Logs off and stops reconnecting. */
  void stop() {
    stopped = true;
    connector.interrupt();
    if (connected()) {
      connection.logoff();
    }
  }
}
