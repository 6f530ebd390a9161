package io.callproof.asterisk;

import io.callproof.call.CallService;
import io.callproof.directory.TenantRegistry;
import io.callproof.flow.Flow;
import io.callproof.ivr.PromptCatalog;
import io.callproof.route.OutboundCalls;
import io.callproof.speech.Recogniser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Asterisk line: a FastAGI server that runs the flows for the configured PBXes, and one manager
 * (AMI) connection per PBX when an AMI secret is set. FastAGI and AMI are plaintext: run them over
 * a private network or a VPN.
 */
public final class AsteriskLine implements OutboundCalls {

  private static final Logger log = LoggerFactory.getLogger(AsteriskLine.class);

  /** How long a listening waits for the PBX to connect once registered. */
  private static final long CONNECT_MILLIS = 10_000;

  private final AgiListener agi;
  private final Thread acceptor;
  private final List<AmiLink> links;
  private final Optional<AudioSocketServer> audioSockets;
  private final Optional<Recogniser> recogniser;

  private AsteriskLine(
      AgiListener agi,
      Thread acceptor,
      List<AmiLink> links,
      Optional<AudioSocketServer> audioSockets,
      Optional<Recogniser> recogniser) {
    this.agi = agi;
    this.acceptor = acceptor;
    this.links = List.copyOf(links);
    this.audioSockets = audioSockets;
    this.recogniser = recogniser;
  }

  /**
   * Binds the FastAGI port (and, with a recogniser, the AudioSocket port) and starts serving;
   * connects to each PBX's AMI in the background.
   *
   * @param flows every flow by name; the AGI script path chooses one
   * @param catalogs the prompt catalog of each locale, by BCP 47 tag; each names the folder of its
   *     sound files
   * @param defaultLocale the locale calls start in
   * @param recogniser hears spoken answers; empty: gathers take keys only. The line closes it when
   *     it stops
   * @return fails when an address cannot be bound
   */
  public static Future<AsteriskLine> start(
      Vertx vertx,
      AsteriskOptions options,
      TenantRegistry tenants,
      Map<String, Flow> flows,
      CallService calls,
      Map<String, PromptCatalog> catalogs,
      String defaultLocale,
      Optional<Recogniser> recogniser) {
    Future<Optional<AudioSocketServer>> audio =
        recogniser.isEmpty()
            ? Future.succeededFuture(Optional.empty())
            : AudioSocketServer.start(
                    vertx,
                    options.pbxes().keySet(),
                    options.audioSocketHost(),
                    options.audioSocketPort(),
                    recogniser.get(),
                    options.listenSeconds() * 1000L,
                    CONNECT_MILLIS)
                .map(Optional::of);
    return audio.compose(
        speech -> {
          LiveCalls live = new LiveCalls();
          boolean watched = options.amiSecret().isPresent();
          FlowScript.Line line =
              new FlowScript.Line(
                  calls,
                  catalogs,
                  defaultLocale,
                  new PromptAudio(options.sounds(), options.renderedFolder()),
                  live,
                  watched,
                  options.gatherTimeoutSeconds() * 1000,
                  speech,
                  options.audioSocketAddress(),
                  options.listenSeconds() * 1000L);
          FlowScript script = new FlowScript(options.pbxes(), tenants, flows, line);
          return vertx
              .executeBlocking(
                  () ->
                      new AgiListener(
                          (request, channel) -> script,
                          options.pbxes().keySet(),
                          options.agiHost(),
                          options.agiPort(),
                          options.agiThreads(),
                          options.agiQueue()))
              .onFailure(e -> speech.ifPresent(AudioSocketServer::close))
              .map(agi -> begin(agi, options, live, calls, speech, recogniser));
        });
  }

  private static AsteriskLine begin(
      AgiListener agi,
      AsteriskOptions options,
      LiveCalls live,
      CallService calls,
      Optional<AudioSocketServer> speech,
      Optional<Recogniser> recogniser) {
    Thread acceptor = new Thread(AsteriskLine.serve(agi), "callproof-agi-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    List<AmiLink> links = new ArrayList<>();
    if (options.amiSecret().isPresent()) {
      options
          .pbxes()
          .forEach(
              (pbx, tenantId) ->
                  links.add(
                      new AmiLink(
                          pbx,
                          tenantId,
                          options.amiPort(),
                          options.amiUsername(),
                          options.amiSecret().get(),
                          live,
                          calls)));
      links.forEach(AmiLink::start);
    }
    log.info(
        "FastAGI listening on {}:{} for {} PBX(es), {} threads, {} waiting; AMI {}",
        options.agiHost(),
        agi.port(),
        options.pbxes().size(),
        options.agiThreads(),
        options.agiQueue(),
        links.isEmpty() ? "off (no CALLPROOF_AMI_SECRET)" : "on port " + options.amiPort());
    if (speech.isPresent()) {
      log.info(
          "speech on Asterisk: AudioSocket listening on {}:{}, {} s per answer",
          options.audioSocketHost(),
          speech.get().port(),
          options.listenSeconds());
    } else {
      log.info(
          "speech on Asterisk is off (no CALLPROOF_SPEECH_ENDPOINT or"
              + " CALLPROOF_SPEECH_CREDENTIALS):"
              + " callers answer with the keypad only");
    }
    return new AsteriskLine(agi, acceptor, links, speech, recogniser);
  }

  private static Runnable serve(AgiListener agi) {
    return () -> {
      try {
        agi.startup();
      } catch (java.io.IOException e) {
        log.error("FastAGI server stopped: {}", e.toString());
      }
    };
  }

  /** The port FastAGI listens on. */
  public int agiPort() {
    return agi.port();
  }

  /** The port AudioSocket connections come to, when speech is on. */
  public Optional<Integer> audioSocketPort() {
    return audioSockets.map(AudioSocketServer::port);
  }

  /** Spoken answers being listened for now. */
  public int listening() {
    return audioSockets.map(AudioSocketServer::waiting).orElse(0);
  }

  /** AGI conversations running now (each holds a thread). */
  public int runningConversations() {
    return agi.running();
  }

  /** Whether the AMI connection to this PBX is logged in; empty when there is none. */
  public Optional<Boolean> amiConnected(InetAddress pbx) {
    return links.stream().filter(l -> l.pbx().equals(pbx)).findFirst().map(AmiLink::connected);
  }

  /** Whether a PBX of this tenant has an AMI connection to place calls through. */
  public boolean placesCallsFor(String tenantId) {
    return links.stream().anyMatch(l -> l.tenantId().equals(tenantId));
  }

  @Override
  public Future<String> place(String tenantId, String to, Map<String, String> variables) {
    if (!to.matches("\\+[1-9][0-9]{6,14}")) {
      return Future.failedFuture(
          new IllegalArgumentException("'" + to + "' is not an E.164 number"));
    }
    Optional<AmiLink> link =
        links.stream()
            .filter(l -> l.tenantId().equals(tenantId) && l.connected())
            .findFirst()
            .or(() -> links.stream().filter(l -> l.tenantId().equals(tenantId)).findFirst());
    if (link.isEmpty()) {
      return Future.failedFuture(
          new IllegalStateException(
              "tenant " + tenantId + " has no PBX with an AMI connection to place calls"));
    }
    return link.get().originate(to, variables);
  }

  /** Stops accepting calls, logs off every AMI connection and closes the recogniser. */
  public void stop() {
    agi.shutdown();
    links.forEach(AmiLink::stop);
    acceptor.interrupt();
    audioSockets.ifPresent(AudioSocketServer::close);
    recogniser
        .filter(AutoCloseable.class::isInstance)
        .ifPresent(
            r -> {
              try {
                ((AutoCloseable) r).close();
              } catch (Exception e) {
                log.warn("the speech recogniser did not close cleanly: {}", e.toString());
              }
            });
  }
}
