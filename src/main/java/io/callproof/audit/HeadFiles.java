package io.callproof.audit;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The folder the chain heads are exported to, one file per tenant ({@code <tenant>.json}), kept
 * outside the database so that a chain cut short or rewritten there can be told from the one that
 * was exported.
 */
public final class HeadFiles {

  private final Path folder;

  public HeadFiles(Path folder) {
    this.folder = folder;
  }

  /** The folder. */
  public Path folder() {
    return folder;
  }

  /** The file holding {@code tenantId}'s head. */
  public Path fileOf(String tenantId) {
    if (!tenantId.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw new IllegalArgumentException("'" + tenantId + "' is not a tenant id");
    }
    return folder.resolve(tenantId + ".json");
  }

  /** The last head exported for {@code tenantId}, if any. */
  public Optional<AuditHead> read(String tenantId) throws IOException {
    Path file = fileOf(tenantId);
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** Reads a head file. */
  public static AuditHead read(Path file) throws IOException {
    return AuditHead.fromJson(file.toString(), Files.readString(file));
  }

  /** Replaces the tenant's head file, so that a reader sees the old head or the new, whole. */
  void write(AuditHead head) throws IOException {
    Files.createDirectories(folder);
    Path file = fileOf(head.tenantId());
    Path partial = folder.resolve(head.tenantId() + ".json.partial");
    Files.writeString(partial, head.toJson().encodePrettily() + "\n");
    try {
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
