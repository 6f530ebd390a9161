package io.callproof.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The load generator's command line: plays many simultaneous helpdesk calls against Callproof
 * started in this JVM, as Twilio would, beside a bare Vert.x endpoint and the database's own insert
 * rate measured in the same run, and writes the figures as JSON and Markdown. See
 * docs/benchmark.md. It is a benchmark, not a test: nothing in the build depends on it.
 */
public final class LoadGenerator {

  private LoadGenerator() {}

  public static void main(String[] args) {
    if (BenchOptions.wantsHelp(args)) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, System.getenv());
    } catch (BenchOptions.Invalid e) {
      System.err.println(
          "cannot run the benchmark; fix these arguments:\n  "
              + e.getMessage().replace("\n", "\n  ")
              + "\n\n"
              + BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    setLogLevels(options.serviceLogLevel());
    System.exit(run(options));
  }

  private static int run(BenchOptions options) {
    try {
      BenchReport report = new BenchRun(options).run();
      List<Path> written = report.write();
      System.out.println();
      System.out.println(report.markdown());
      System.out.println("Written: " + written);
      return 0;
    } catch (Exception e) {
      LoggerFactory.getLogger(LoadGenerator.class).error("benchmark run failed", e);
      return 1;
    }
  }

  /**
   * Quietens the service under load (its INFO lines per call would cost more than some of its
   * webhooks), keeping the generator's own progress lines.
   */
  private static void setLogLevels(String serviceLevel) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(serviceLevel));
      logback.getLogger("io.callproof.bench").setLevel(Level.INFO);
    }
  }
}
