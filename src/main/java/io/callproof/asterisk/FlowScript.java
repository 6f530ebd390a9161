package io.callproof.asterisk;

import io.callproof.call.CallContext;
import io.callproof.call.CallService;
import io.callproof.call.IncomingCall;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.flow.Flow;
import io.callproof.ivr.PromptCatalog;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every FastAGI request: finds the tenant the PBX is bound to and the flow the script path
 * names ({@code agi://host:4573/helpdesk}), then runs the call as a {@link Conversation}. A request
 * it cannot place returns at once with no badge set, and the dialplan sends the caller on
 * unverified.
 */
final class FlowScript implements AgiScript {

  private static final Logger log = LoggerFactory.getLogger(FlowScript.class);
  private static final Pattern UNIQUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * Everything a conversation needs, shared by all of them.
   *
   * @param catalogs the prompt catalog of each locale the line speaks, by BCP 47 tag
   * @param defaultLocale the locale of a call until a gather names another
   * @param speech where the PBX sends a caller's audio for a spoken answer; empty: keypad only
   * @param audioSocketAddress the host the PBX reaches the AudioSocket server at; empty: the
   *     address its FastAGI connection reached
   * @param listenMillis how long one spoken answer is listened for
   */
  record Line(
      CallService calls,
      Map<String, PromptCatalog> catalogs,
      String defaultLocale,
      PromptAudio audio,
      LiveCalls live,
      boolean hangupsWatched,
      int gatherTimeoutMillis,
      Optional<AudioSocketServer> speech,
      Optional<String> audioSocketAddress,
      long listenMillis) {

    Line {
      catalogs = Map.copyOf(catalogs);
    }

    /** The catalog of a locale, or the default locale's when the line has none for it. */
    PromptCatalog prompts(String locale) {
      PromptCatalog catalog = catalogs.get(locale);
      return catalog != null ? catalog : catalogs.get(defaultLocale);
    }
  }

  private final Map<InetAddress, String> pbxes;
  private final TenantRegistry tenants;
  private final Map<String, Flow> flows;
  private final Line line;

  FlowScript(
      Map<InetAddress, String> pbxes, TenantRegistry tenants, Map<String, Flow> flows, Line line) {
    this.pbxes = Map.copyOf(pbxes);
    this.tenants = tenants;
    this.flows = Map.copyOf(flows);
    this.line = line;
  }

  @Override
  public void service(AgiRequest request, AgiChannel channel) {
    InetAddress pbx = request.getRemoteAddress();
    String uniqueId = request.getUniqueId();
    String flowName = request.getScript() == null ? "" : request.getScript();
    Optional<Tenant> tenant = Optional.ofNullable(pbxes.get(pbx)).flatMap(tenants::byId);
    if (tenant.isEmpty()) {
      log.warn(
          "pbx={} AGI request for {} refused: the PBX is bound to no tenant on record (check"
              + " CALLPROOF_ASTERISK_PBXES and the import)",
          pbx.getHostAddress(),
          flowName);
      return;
    }
    if (uniqueId == null || !UNIQUE_ID.matcher(uniqueId).matches()) {
      log.warn(
          "tenant={} pbx={} AGI request without a usable agi_uniqueid; no flow run",
          tenant.get().id(),
          pbx.getHostAddress());
      return;
    }
    String callSid = "ast-" + uniqueId;
    Flow flow = flows.get(flowName);
    if (flow == null) {
      log.warn(
          "tenant={} call={} AGI script path '{}' names no flow (expected one of: {}); the"
              + " dialplan sends the caller on unverified",
          tenant.get().id(),
          callSid,
          flowName,
          String.join(", ", new java.util.TreeSet<>(flows.keySet())));
      return;
    }
    IncomingCall call =
        new IncomingCall(
            callSid, "asterisk", request.getCallerIdNumber(), calledNumber(request), null);
    CallContext context = new CallContext(tenant.get().id(), callSid, flow.name(), "start");
    log.info(
        "{} AGI call from {} on pbx {}",
        context,
        PhoneNumbers.mask(request.getCallerIdNumber()),
        pbx.getHostAddress());
    new Conversation(line, channel, tenant.get(), pbx, request.getLocalAddress(), uniqueId, context)
        .run(flow, call);
  }

  private static String calledNumber(AgiRequest request) {
    String dnid = request.getDnid();
    return dnid == null || dnid.isBlank() || "unknown".equals(dnid) ? request.getExtension() : dnid;
  }
}
