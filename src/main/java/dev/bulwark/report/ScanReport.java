package dev.bulwark.report;

import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyVersion;
import java.util.List;

/**
 * Everything a scan found, in input order: what every output format renders.
 *
 * @param level Pod Security Standards level checked
 * @param version Pod Security Standards version checked
 * @param objects workload objects, clean ones included
 * @param errors documents that could not be read
 */
public record ScanReport(
    Level level, PolicyVersion version, List<ScannedObject> objects, List<InputError> errors) {

  public ScanReport {
    objects = List.copyOf(objects);
    errors = List.copyOf(errors);
  }

  /** Objects with at least one finding. */
  public int violating() {
    int count = 0;
    for (ScannedObject object : objects) {
      if (!object.findings().isEmpty()) {
        count++;
      }
    }
    return count;
  }

  public int findingCount() {
    int count = 0;
    for (ScannedObject object : objects) {
      count += object.findings().size();
    }
    return count;
  }
}
