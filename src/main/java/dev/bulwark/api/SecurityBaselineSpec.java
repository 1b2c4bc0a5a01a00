package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** What a SecurityBaseline asks of the namespaces it governs (Jackson-bound data). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityBaselineSpec {

  @JsonPropertyDescription(
      "Namespaces this baseline governs, by label (a standard label selector). Empty or absent"
          + " selects every namespace not excluded.")
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "Namespaces never governed, whatever their labels. Adds to the built-in exclusions: the"
          + " system namespaces (kube-system, kube-public, kube-node-lease; see"
          + " includeSystemNamespaces) and the operator's own namespace are never governed"
          + " either.")
  public List<String> excludeNamespaces = new ArrayList<>();

  @JsonPropertyDescription(
      "System namespaces this baseline may govern when its namespaceSelector selects them:"
          + " kube-system, kube-public, kube-node-lease. Absent or empty: none, whatever the"
          + " selector. RISK: governing kube-system puts CoreDNS, kube-proxy and the control-plane"
          + " add-ons under default-deny NetworkPolicies, Pod Security labels and quotas; a"
          + " default-deny egress there cuts DNS resolution for the whole cluster unless the"
          + " network section allows what those pods need. The operator's own namespace is never"
          + " governed.")
  public List<SystemNamespace> includeSystemNamespaces = new ArrayList<>();

  @JsonPropertyDescription(
      "When several baselines select a namespace, the highest priority governs it (ties: the"
          + " alphabetically first name); the others report a Conflict condition.")
  @Default("0")
  @Min(-1000)
  @Max(1000)
  public int priority;

  @JsonPropertyDescription(
      "Enforce creates and repairs owned objects and admission labels; Audit only reports and"
          + " writes nothing but this baseline's status.")
  @Default("Enforce")
  public Mode mode = Mode.Enforce;

  @JsonPropertyDescription(
      "Pod Security Standards level and version, enforced through the API server's PodSecurity"
          + " admission labels and audited continuously.")
  @Default("{}")
  public PodSecuritySpec podSecurity = new PodSecuritySpec();

  @JsonPropertyDescription("Hardening checks beyond the Pod Security Standards, for workloads.")
  @Default("{}")
  public WorkloadsSpec workloads = new WorkloadsSpec();

  @JsonPropertyDescription(
      "Opt-in defaults for securityContext values pods leave unset: at admission and in existing"
          + " workload templates.")
  @Default("{}")
  public DefaultsSpec defaults = new DefaultsSpec();

  @JsonPropertyDescription("Default-deny NetworkPolicies and the traffic they still allow.")
  @Default("{}")
  public NetworkSpec network = new NetworkSpec();

  @JsonPropertyDescription("Service account token automounting.")
  @Default("{}")
  public ServiceAccountsSpec serviceAccounts = new ServiceAccountsSpec();

  @JsonPropertyDescription("Dangerous RBAC bindings to report for subjects in governed namespaces.")
  @Default("{}")
  public RbacSpec rbac = new RbacSpec();

  @JsonPropertyDescription("ResourceQuota and LimitRange for each governed namespace.")
  @Default("{}")
  public ResourcesSpec resources = new ResourcesSpec();

  @JsonPropertyDescription("Image hygiene: digest pinning and allowed registries.")
  @Default("{}")
  public ImagesSpec images = new ImagesSpec();

  @JsonPropertyDescription(
      "OpenReports Report per governed namespace: on or off, and how many results it lists.")
  @Default("{}")
  public ReportsSpec reports = new ReportsSpec();

  @JsonPropertyDescription(
      "Admission enforcement of Bulwark's own checks by generated ValidatingAdmissionPolicies.")
  @Default("{}")
  public AdmissionSpec admission = new AdmissionSpec();

  @JsonPropertyDescription(
      "Scoped, justified, optionally expiring exceptions to checks. An expired exception stops"
          + " applying at its expiry time.")
  @Size(max = 100)
  public List<ExceptionSpec> exceptions = new ArrayList<>();
}
