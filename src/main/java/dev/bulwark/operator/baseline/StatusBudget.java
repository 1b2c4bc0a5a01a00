package dev.bulwark.operator.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulwark.api.ExceptionStatus;
import dev.bulwark.api.RemediationStatus;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.api.ViolationSummary;
import dev.bulwark.api.VulnerabilityStatus;
import dev.bulwark.text.BoundedText;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * Keeps a baseline's status under {@value #MAX_BYTES} bytes of JSON whatever the cluster holds.
 *
 * <p>Every part is bounded where it is built: messages ({@link BoundedText}), violations (20, each
 * cut), warnings (5 per namespace, 100 in all, each cut), names in messages (10). What is left
 * unbounded by count or size there (the exceptions' descriptions, which repeat the spec's reasons,
 * and remediation's and the vulnerability check's lists, which name workloads) is cut here to
 * {@value #ENTRY_BYTES} bytes an entry. Then the total is checked; should it still be over, entries
 * are dropped from the end of the largest list (warnings, exceptions, remediation, workloads not
 * scanned or about to be refused, top violations) until it fits, while the counts beside them
 * ({@code violations.total}, {@code remediation.revertedCount}, {@code vulnerabilities.notScanned}
 * and {@code wouldRefuseCount}) keep telling how many there are.
 */
final class StatusBudget {

  /** Most bytes of JSON a baseline's status takes. */
  static final int MAX_BYTES = 64 * 1024;

  /** Longest exception description or remediation entry, in UTF-8 bytes. */
  static final int ENTRY_BYTES = 512;

  private StatusBudget() {}

  /** Cuts and, if still needed, shortens {@code status} in place to fit the budget. */
  static void fit(SecurityBaselineStatus status) {
    if (status.exceptions != null) {
      status.exceptions =
          new ExceptionStatus(cut(status.exceptions.active()), cut(status.exceptions.expired()));
    }
    RemediationStatus remediation = status.remediation;
    if (remediation != null) {
      remediation.preview = cut(remediation.preview);
      remediation.reverted = cut(remediation.reverted);
    }
    VulnerabilityStatus vulnerabilities = status.vulnerabilities;
    if (vulnerabilities != null) {
      vulnerabilities.notScannedWorkloads = cut(vulnerabilities.notScannedWorkloads);
      vulnerabilities.wouldRefuse = cut(vulnerabilities.wouldRefuse);
    }
    while (bytes(status) > MAX_BYTES) {
      Part largest = Part.WARNINGS;
      for (Part part : Part.values()) {
        if (bytes(part.list(status)) > bytes(largest.list(status))) {
          largest = part;
        }
      }
      if (largest.list(status).isEmpty()) {
        // Cannot happen: conditions and counts alone are a few kilobytes by construction.
        return;
      }
      largest.dropLast(status);
    }
  }

  /** The size of {@code value} as JSON, in bytes. */
  static int bytes(Object value) {
    try {
      return Serialization.jsonMapper().writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a status is always JSON", e);
    }
  }

  private static List<String> cut(List<String> entries) {
    return entries == null
        ? null
        : entries.stream().map(e -> BoundedText.cut(e, ENTRY_BYTES)).toList();
  }

  private static <T> List<T> withoutLast(List<T> list) {
    return List.copyOf(list.subList(0, list.size() - 1));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** The lists of a status that may be shortened, each read and shortened by its last entry. */
  private enum Part {
    WARNINGS {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        return orEmpty(s.enforcementWarnings);
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        s.enforcementWarnings = withoutLast(s.enforcementWarnings);
      }
    },
    ACTIVE_EXCEPTIONS {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        return s.exceptions == null ? List.of() : orEmpty(s.exceptions.active());
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        s.exceptions =
            new ExceptionStatus(withoutLast(s.exceptions.active()), s.exceptions.expired());
      }
    },
    EXPIRED_EXCEPTIONS {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        return s.exceptions == null ? List.of() : orEmpty(s.exceptions.expired());
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        s.exceptions =
            new ExceptionStatus(s.exceptions.active(), withoutLast(s.exceptions.expired()));
      }
    },
    REMEDIATION_PREVIEW {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        RemediationStatus remediation = s.remediation;
        return remediation == null ? List.of() : orEmpty(remediation.preview);
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        RemediationStatus remediation = s.remediation;
        if (remediation != null) {
          remediation.preview = withoutLast(remediation.preview);
        }
      }
    },
    REMEDIATION_REVERTED {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        RemediationStatus remediation = s.remediation;
        return remediation == null ? List.of() : orEmpty(remediation.reverted);
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        RemediationStatus remediation = s.remediation;
        if (remediation != null) {
          remediation.reverted = withoutLast(remediation.reverted);
        }
      }
    },
    NOT_SCANNED {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        VulnerabilityStatus v = s.vulnerabilities;
        return v == null ? List.of() : orEmpty(v.notScannedWorkloads);
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        VulnerabilityStatus v = s.vulnerabilities;
        if (v != null) {
          v.notScannedWorkloads = withoutLast(v.notScannedWorkloads);
        }
      }
    },
    WOULD_REFUSE {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        VulnerabilityStatus v = s.vulnerabilities;
        return v == null ? List.of() : orEmpty(v.wouldRefuse);
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        VulnerabilityStatus v = s.vulnerabilities;
        if (v != null) {
          v.wouldRefuse = withoutLast(v.wouldRefuse);
        }
      }
    },
    TOP_VIOLATIONS {
      @Override
      List<?> list(SecurityBaselineStatus s) {
        return s.violations == null ? List.of() : s.violations.top();
      }

      @Override
      void dropLast(SecurityBaselineStatus s) {
        ViolationSummary v = s.violations;
        s.violations =
            new ViolationSummary(v.total(), v.byCheck(), withoutLast(v.top()), v.stale());
      }
    };

    abstract List<?> list(SecurityBaselineStatus status);

    abstract void dropLast(SecurityBaselineStatus status);
  }
}
