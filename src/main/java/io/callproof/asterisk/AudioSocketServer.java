package io.callproof.asterisk;

import io.callproof.call.CallContext;
import io.callproof.speech.Heard;
import io.callproof.speech.Recogniser;
import io.callproof.speech.Recognition;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Asterisk's {@code AudioSocket} application sends a caller's audio while the line listens
 * for a spoken answer. The conversation registers a listening under a fresh UUID, then runs {@code
 * AudioSocket(uuid,host:port)} on its channel; the PBX connects here, sends that UUID, then the
 * call's audio (and, on Asterisk 20 and later, the keys pressed). The audio goes to the recogniser;
 * once it has an answer (or a key came, or the time is up) the server sends the hang-up frame and
 * closes the connection, which ends the application so that the AGI conversation goes on.
 *
 * <p>Frames, as Asterisk writes and reads them: one byte of kind, a big-endian 16-bit payload
 * length, the payload. Kinds: {@code 0x00} hang-up, {@code 0x01} the UUID (16 bytes), {@code 0x03}
 * a key (one ASCII byte), {@code 0x10} audio (8 kHz 16-bit mono signed linear), {@code 0xff} an
 * error (an optional code).
 */
final class AudioSocketServer {

  static final int KIND_HANGUP = 0x00;
  static final int KIND_UUID = 0x01;
  static final int KIND_DTMF = 0x03;
  static final int KIND_AUDIO = 0x10;
  static final int KIND_ERROR = 0xff;

  private static final Logger log = LoggerFactory.getLogger(AudioSocketServer.class);
  private static final Buffer HANGUP = Buffer.buffer(new byte[] {KIND_HANGUP, 0, 0});

  /** Asterisk sends audio every 20 ms; a connection silent for this long is gone. */
  private static final int IDLE_SECONDS = 10;

  /** How long the recogniser may take for its final answer after the line stops listening. */
  private static final long ANSWER_GRACE_MILLIS = 3_000;

  private final Vertx vertx;
  private final Set<InetAddress> pbxes;
  private final Recogniser recogniser;
  private final long listenMillis;
  private final long connectMillis;
  private final Map<UUID, Listening> waiting = new ConcurrentHashMap<>();
  private final NetServer server;

  private AudioSocketServer(
      Vertx vertx,
      Set<InetAddress> pbxes,
      Recogniser recogniser,
      long listenMillis,
      long connectMillis,
      NetServer server) {
    this.vertx = vertx;
    this.pbxes = Set.copyOf(pbxes);
    this.recogniser = recogniser;
    this.listenMillis = listenMillis;
    this.connectMillis = connectMillis;
    this.server = server;
  }

  /**
   * Binds the port and serves.
   *
   * @param pbxes the only addresses whose connections are accepted
   * @param listenMillis how long one listening takes audio before the recogniser must answer
   * @param connectMillis how long a registered listening waits for the PBX to connect
   * @return fails when the address cannot be bound
   */
  static Future<AudioSocketServer> start(
      Vertx vertx,
      Set<InetAddress> pbxes,
      String host,
      int port,
      Recogniser recogniser,
      long listenMillis,
      long connectMillis) {
    NetServer net =
        vertx.createNetServer(
            new NetServerOptions()
                .setIdleTimeout(IDLE_SECONDS)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true));
    AudioSocketServer server =
        new AudioSocketServer(vertx, pbxes, recogniser, listenMillis, connectMillis, net);
    net.connectHandler(server::accept);
    return net.listen(port, host)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot listen for AudioSocket on " + host + ":" + port + ": " + e, e)))
        .map(s -> server);
  }

  /** The port AudioSocket connections come to. */
  int port() {
    return server.actualPort();
  }

  /**
   * Registers a listening for one answer; the conversation then has the PBX connect with its id.
   *
   * @param pbx the PBX whose channel will connect; a connection from elsewhere with this id is
   *     refused
   * @param locale the language to listen in
   * @param hints phrases the answer is likely to contain
   */
  Listening expect(InetAddress pbx, CallContext context, String locale, List<String> hints) {
    Listening listening = new Listening(UUID.randomUUID(), pbx, context, locale, hints);
    waiting.put(listening.id, listening);
    listening.connectTimer =
        vertx.setTimer(
            connectMillis,
            t ->
                listening.finish(
                    new Outcome.Failed(
                        "the PBX did not connect to the AudioSocket server within "
                            + connectMillis
                            + " ms (is app_audiosocket loaded, and the address reachable?)")));
    return listening;
  }

  /** Listenings registered and not yet finished. */
  int waiting() {
    return waiting.size();
  }

  /** Stops accepting; open connections are closed. */
  Future<Void> close() {
    waiting.values().forEach(l -> l.finish(new Outcome.Failed("the service is stopping")));
    return server.close();
  }

  private void accept(NetSocket socket) {
    InetAddress from = address(socket);
    if (from == null || !pbxes.contains(from)) {
      log.warn(
          "refused AudioSocket connection from {}: not a configured PBX (add it to"
              + " CALLPROOF_ASTERISK_PBXES if it is one)",
          socket.remoteAddress().hostAddress());
      socket.close();
      return;
    }
    Connection connection = new Connection(socket, from);
    RecordParser parser = RecordParser.newFixed(3);
    parser.handler(connection.frames(parser));
    socket.handler(parser);
    socket.exceptionHandler(connection::failed);
    socket.closeHandler(v -> connection.closed());
  }

  private static InetAddress address(NetSocket socket) {
    try {
      return InetAddress.getByName(socket.remoteAddress().hostAddress());
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** How one listening ended. */
  sealed interface Outcome {

    /** The recogniser heard words; the transcript is never logged. */
    record Spoke(String transcript, double confidence) implements Outcome {
      @Override
      public String toString() {
        return "Spoke[confidence " + confidence + "]";
      }
    }

    /** The caller pressed a key while the line listened: the first of an entry, never logged. */
    record Key(char key) implements Outcome {
      @Override
      public String toString() {
        return "Key[a key was pressed]";
      }
    }

    /** Nothing was said within the time, or nothing the recogniser could make words of. */
    record Silence() implements Outcome {}

    /** The PBX ended the audio first: the caller hung up, or the PBX failed. */
    record Gone() implements Outcome {}

    /** Speech could not be listened for; the caller's answer must come from the keypad. */
    record Failed(String reason) implements Outcome {}
  }

  /** One answer listened for, from its registration until it has an outcome. */
  final class Listening {

    private final UUID id;
    private final InetAddress pbx;
    private final CallContext context;
    private final String locale;
    private final List<String> hints;
    private final java.util.concurrent.CompletableFuture<Outcome> outcome =
        new java.util.concurrent.CompletableFuture<>();
    private volatile long connectTimer = -1;
    private volatile NetSocket socket;
    private volatile Recognition recognition;

    private Listening(
        UUID id, InetAddress pbx, CallContext context, String locale, List<String> hints) {
      this.id = id;
      this.pbx = pbx;
      this.context = context;
      this.locale = locale;
      this.hints = List.copyOf(hints);
    }

    /** The UUID the PBX must send, in the string form {@code AudioSocket} takes. */
    String id() {
      return id.toString();
    }

    /** Whether the PBX connected for it. */
    boolean connected() {
      return socket != null;
    }

    /**
     * Waits for the outcome, on the conversation's thread.
     *
     * @return the outcome; {@link Outcome.Failed} when none came within {@code millis}
     */
    Outcome await(long millis) {
      try {
        return outcome.get(millis, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        finish(new Outcome.Failed("no outcome within " + millis + " ms"));
        return outcome.join();
      } catch (java.util.concurrent.ExecutionException e) {
        return new Outcome.Failed(String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        finish(new Outcome.Failed("interrupted"));
        return outcome.join();
      }
    }

    private void attach(NetSocket connection) {
      vertx.cancelTimer(connectTimer);
      socket = connection;
      Recognition r = recogniser.listen(locale, hints);
      recognition = r;
      r.result().whenComplete((heard, e) -> finish(outcome(heard, e)));
      vertx.setTimer(listenMillis, t -> stopListening(r));
      log.info("{} listening for speech in {} ({} hints)", context, locale, hints.size());
    }

    /**
     * Time is up: the recogniser gives its answer for what it has (nothing, for a silent caller). A
     * recogniser that then gives none has failed: the caller's answer is not counted as a silence.
     */
    private void stopListening(Recognition r) {
      if (outcome.isDone()) {
        return;
      }
      r.end();
      vertx.setTimer(
          ANSWER_GRACE_MILLIS,
          t ->
              finish(
                  new Outcome.Failed(
                      "the recogniser gave no answer within "
                          + ANSWER_GRACE_MILLIS
                          + " ms of the end of the audio")));
    }

    private void audio(Buffer payload) {
      Recognition r = recognition;
      if (r != null) {
        r.audio(payload.getBytes());
      }
    }

    /** Records the outcome once, then lets the PBX's application return. */
    void finish(Outcome result) {
      waiting.remove(id);
      if (!outcome.complete(result)) {
        return;
      }
      vertx.cancelTimer(connectTimer);
      Recognition r = recognition;
      if (r != null && !(result instanceof Outcome.Spoke)) {
        r.cancel();
      }
      NetSocket s = socket;
      if (s != null) {
        // The hang-up frame ends the application cleanly; to a connection the PBX has already
        // closed it goes nowhere.
        s.write(HANGUP).onComplete(done -> s.close());
      }
      log.info("{} listening ended: {}", context, result);
    }

    private Outcome outcome(Heard heard, Throwable error) {
      if (error != null) {
        return new Outcome.Failed(error.toString());
      }
      if (heard instanceof Heard.Words words) {
        return new Outcome.Spoke(words.transcript(), words.confidence());
      }
      if (heard instanceof Heard.Failed failed) {
        return new Outcome.Failed(failed.reason());
      }
      return new Outcome.Silence();
    }
  }

  /** One connection from a PBX: first its UUID frame, then audio for its listening. */
  private final class Connection {

    private final NetSocket socket;
    private final InetAddress from;
    private Listening listening;

    Connection(NetSocket socket, InetAddress from) {
      this.socket = socket;
      this.from = from;
    }

    Handler<Buffer> frames(RecordParser parser) {
      return new Handler<>() {
        private int kind = -1;

        @Override
        public void handle(Buffer chunk) {
          if (kind < 0) {
            int length = chunk.getUnsignedShort(1);
            if (length == 0) {
              frame(chunk.getUnsignedByte(0), Buffer.buffer());
            } else {
              kind = chunk.getUnsignedByte(0);
              parser.fixedSizeMode(length);
            }
            return;
          }
          int k = kind;
          kind = -1;
          parser.fixedSizeMode(3);
          frame(k, chunk);
        }
      };
    }

    private void frame(int kind, Buffer payload) {
      if (listening == null) {
        identify(kind, payload);
        return;
      }
      switch (kind) {
        case KIND_AUDIO -> listening.audio(payload);
        case KIND_DTMF -> {
          if (payload.length() == 1) {
            listening.finish(new Outcome.Key((char) payload.getUnsignedByte(0)));
          }
        }
        case KIND_HANGUP -> listening.finish(new Outcome.Gone());
        case KIND_ERROR ->
            listening.finish(
                new Outcome.Failed(
                    "the PBX reported an AudioSocket error"
                        + (payload.length() > 0
                            ? " (code " + payload.getUnsignedByte(0) + ")"
                            : "")));
        default -> {
          // Other kinds (higher sample rates) are not asked for; they are skipped.
        }
      }
    }

    private void identify(int kind, Buffer payload) {
      Listening found = null;
      if (kind == KIND_UUID && payload.length() == 16) {
        ByteBuffer bytes = ByteBuffer.wrap(payload.getBytes());
        found = waiting.get(new UUID(bytes.getLong(), bytes.getLong()));
      }
      if (found == null || !found.pbx.equals(from) || found.connected()) {
        log.warn(
            "refused AudioSocket connection from {}: its first frame names no listening this"
                + " node is waiting for",
            from.getHostAddress());
        socket.write(HANGUP).onComplete(done -> socket.close());
        return;
      }
      listening = found;
      found.attach(socket);
    }

    void failed(Throwable e) {
      if (listening != null) {
        listening.finish(new Outcome.Gone());
      }
      socket.close();
    }

    void closed() {
      if (listening != null) {
        listening.finish(new Outcome.Gone());
      }
    }
  }
}
