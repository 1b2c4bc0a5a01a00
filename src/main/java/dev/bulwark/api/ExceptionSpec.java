package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** A scoped, justified, optionally expiring exception to some checks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "size(self.checks) > 0 && size(self.reason.trim()) > 0",
    message = "an exception must name at least one check and give a reason")
public class ExceptionSpec {

  @JsonPropertyDescription(
      "Check ids the exception covers (e.g. runAsNonRoot, imageDigest, ClusterAdminBinding). In"
          + " Enforce mode a Pod Security Standards check at or below podSecurity.level (e.g."
          + " runAsNonRoot under restricted) cannot be excepted: the namespace's"
          + " pod-security.kubernetes.io/enforce label has no per-pod exemptions, so the API"
          + " server refuses such pods anyway. Such an exception is not applied and is reported by"
          + " a SpecWarnings condition and Event; govern those workloads with a separate baseline"
          + " at a lower level instead. Bulwark's own checks (imageDigest, resourceRequests, ...)"
          + " can be excepted: the exception becomes a match condition of the generated policy,"
          + " and workload remediation and admission defaults leave excepted settings alone.")
  @Required
  @Size(max = 64)
  public List<String> checks = new ArrayList<>();

  @JsonPropertyDescription("Namespaces it applies in. Empty: every namespace the baseline governs.")
  @Size(max = 256)
  public List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("Objects it applies to, by their labels. Absent: every object.")
  public LabelSelector selector;

  @JsonPropertyDescription("Why the exception exists (a ticket, a person, a date). Required.")
  @Required
  @Size(max = 1024)
  public String reason = "";

  @JsonPropertyDescription(
      "When the exception stops applying: an RFC 3339 date-time with a time and a zone, e.g."
          + " 2027-01-31T00:00:00Z or 2027-01-31T09:00:00+01:00 (a date alone is refused)."
          + " Absent: never.")
  @Pattern(EXPIRES_PATTERN)
  public String expires;

  /**
   * RFC 3339 {@code date-time} (section 5.6) with upper-case {@code T} and {@code Z}, as {@link
   * java.time.Instant#parse} reads it; empty means absent. The API server refuses anything else.
   */
  public static final String EXPIRES_PATTERN =
      "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
          + "(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";
}
