package io.callproof.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CPU went during a window: this JVM (the service, the baseline endpoint and the
 * generator), the generator's own thread, the JIT compilers, and the whole machine (from {@code
 * /proc/stat}, so that PostgreSQL's share shows as the rest). Figures are CPU seconds; on a 2-core
 * machine a 20-second window holds at most 40.
 */
final class CpuMeter {

  /**
   * CPU time used so far, in nanoseconds; {@code machine} is -1 where {@code /proc/stat} cannot be
   * read.
   */
  record Reading(long process, long generator, long compiler, long machine) {

    /** The CPU seconds used between {@code start} and this reading. */
    Used since(Reading start) {
      return new Used(
          (process - start.process) / 1e9,
          (generator - start.generator) / 1e9,
          (compiler - start.compiler) / 1e9,
          machine < 0 || start.machine < 0 ? -1 : (machine - start.machine) / 1e9);
    }
  }

  /**
   * CPU seconds used in a window; {@code machine} is -1 when unknown. {@code compiler} is the JIT
   * compilers' time, part of {@code process}.
   */
  record Used(double process, double generator, double compiler, double machine) {}

  private static final long NANOS_PER_TICK = 10_000_000L;

  private CpuMeter() {}

  /** Reads the counters now; call it on the generator's thread, whose time it reads. */
  static Reading read() {
    long process =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    long generator = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    return new Reading(process, generator, compilerNanos(), machineBusy());
  }

  /**
   * Time the JIT compilers have spent so far, in nanoseconds: the JVM counts it per compiler thread
   * while compiling, which on a busy machine is close to their CPU time.
   */
  static long compilerNanos() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() * 1_000_000L
        : 0;
  }

  /** Busy time of all cores since boot: every field of the first line but idle and iowait. */
  private static long machineBusy() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
