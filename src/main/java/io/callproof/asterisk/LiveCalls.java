package io.callproof.asterisk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.callproof.call.CallContext;
import io.callproof.directory.Tenant;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The calls this node started from Asterisk and has not yet seen end, by the PBX and the channel's
 * unique id, so that a hang-up the manager interface reports closes the right call. Entries expire
 * after a day, for calls whose hang-up was never seen (an AMI connection that was down).
 */
final class LiveCalls {

  /**
   * A call this node knows.
   *
   * @param tenant the tenant its PBX is bound to
   * @param context the call's context, for log lines
   */
  record Live(Tenant tenant, CallContext context) {}

  private final Cache<String, Live> calls =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(24)).build();

  void add(InetAddress pbx, String uniqueId, Live call) {
    calls.put(key(pbx, uniqueId), call);
  }

  /** Takes a call out, if it is known: only one of several reports of its end closes it. */
  Optional<Live> remove(InetAddress pbx, String uniqueId) {
    return Optional.ofNullable(calls.asMap().remove(key(pbx, uniqueId)));
  }

  private static String key(InetAddress pbx, String uniqueId) {
    return pbx.getHostAddress() + "/" + uniqueId;
  }
}
