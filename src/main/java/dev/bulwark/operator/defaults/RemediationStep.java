package dev.bulwark.operator.defaults;

import dev.bulwark.defaults.TemplateDefaults;
import java.util.Set;

/**
 * What workload remediation does with one workload in one pass, decided by {@link
 * RemediationDecision}.
 *
 * @param action what to do
 * @param needed the values the template lacks ({@link Action#LIST} and {@link Action#WRITE}), else
 *     null
 * @param pendingLine the line naming the workload in status' preview ({@link Action#LIST}, {@link
 *     Action#WRITE}) or among the refused ({@link Action#REFUSED}), else null
 * @param undone the values Bulwark set that another writer changed back ({@link
 *     Action#REPORT_REVERTED}), else empty
 */
record RemediationStep(
    Action action, TemplateDefaults needed, String pendingLine, Set<String> undone) {

  /** The kinds of step. */
  enum Action {
    /** Nothing to do or report: not a remediated kind, owned, already reported, in line. */
    NOTHING,
    /** The workload's values were changed back after Bulwark wrote them: report it, once. */
    REPORT_REVERTED,
    /**
     * Listed as pending but not written now (a Job, a template another controller owns, no preview
     * yet).
     */
    LIST,
    /** Its last write was refused and the retry waits: listed among the refused, not pending. */
    REFUSED,
    /** Listed as pending and written now. */
    WRITE
  }

  static final RemediationStep NOTHING = new RemediationStep(Action.NOTHING, null, null, Set.of());

  static RemediationStep reverted(Set<String> undone) {
    return new RemediationStep(Action.REPORT_REVERTED, null, null, Set.copyOf(undone));
  }

  static RemediationStep list(TemplateDefaults needed, String line) {
    return new RemediationStep(Action.LIST, needed, line, Set.of());
  }

  static RemediationStep refused(TemplateDefaults needed, String line) {
    return new RemediationStep(Action.REFUSED, needed, line, Set.of());
  }

  static RemediationStep write(TemplateDefaults needed, String line) {
    return new RemediationStep(Action.WRITE, needed, line, Set.of());
  }
}
