package io.callproof.asterisk;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * asterisk-java's FastAGI server, bound before it starts (so that a bad address fails the start),
 * accepting connections only from configured PBXes, and running conversations on a pool of a set
 * size with a bounded queue in front of it.
 */
final class AgiListener extends DefaultAgiServer {

  private static final Logger log = LoggerFactory.getLogger(AgiListener.class);
  private static final int BACKLOG = 256;

  private final Set<InetAddress> pbxes;
  private final int threads;
  private final int queue;
  private final ServerSocket server;
  private volatile ThreadPoolExecutor pool;

  /**
   * Binds the port at once.
   *
   * @throws IOException when the address cannot be bound
   */
  AgiListener(
      MappingStrategy scripts,
      Set<InetAddress> pbxes,
      String host,
      int port,
      int threads,
      int queue)
      throws IOException {
    super(scripts);
    this.pbxes = Set.copyOf(pbxes);
    this.threads = threads;
    this.queue = queue;
    this.server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(host, port), BACKLOG);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen for FastAGI on " + host + ":" + port + ": " + e, e);
    }
    setPoolSize(threads);
    setMaximumPoolSize(threads);
  }

  /** The port FastAGI listens on. */
  int port() {
    return server.getLocalPort();
  }

  /** Conversations running now. */
  int running() {
    ThreadPoolExecutor p = pool;
    return p == null ? 0 : p.getActiveCount();
  }

  @Override
  protected ServerSocketFacade createServerSocket() {
    return new Filtered();
  }

  @Override
  protected ThreadPoolExecutor createPool() {
    BlockingQueue<Runnable> waiting =
        queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
    AtomicInteger number = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            waiting,
            r -> {
              Thread t = new Thread(r, "callproof-agi-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, e) -> {
              log.warn(
                  "refused an AGI conversation: all {} threads are busy and {} wait (raise"
                      + " CALLPROOF_AGI_THREADS or CALLPROOF_AGI_QUEUE); the dialplan sends the"
                      + " caller on unverified",
                  threads,
                  queue);
              throw new RejectedExecutionException("AGI pool full");
            });
    executor.allowCoreThreadTimeOut(true);
    pool = executor;
    return executor;
  }

  /** The bound socket, handing over only connections from configured PBXes. */
  private final class Filtered implements ServerSocketFacade {

    @Override
    public SocketConnectionFacade accept() throws IOException {
      while (true) {
        Socket socket = server.accept();
        if (pbxes.contains(socket.getInetAddress())) {
          return new AgiSocket(socket);
        }
        log.warn(
            "refused AGI connection from {}: not a configured PBX (add it to"
                + " CALLPROOF_ASTERISK_PBXES if it is one)",
            socket.getInetAddress().getHostAddress());
        socket.close();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }

    @Override
    public void setSocketReadTimeout(int socketReadTimeout) {
      // Each accepted connection gets AgiSocket's own read timeout.
    }
  }
}
