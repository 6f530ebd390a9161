package io.callproof.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The heap still in use after a full collection: what the live objects take. */
final class HeapProbe {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapProbe() {}

  /**
   * Collects twice (the second catches what the first freed for finalisation) and reads the heap in
   * use, in bytes. Every thread of the JVM stops meanwhile, so calls in flight stay parked.
   */
  static long liveBytes() {
    MEMORY.gc();
    MEMORY.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
