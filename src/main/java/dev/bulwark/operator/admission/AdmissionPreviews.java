package dev.bulwark.operator.admission;

import dev.bulwark.admission.AdmissionPreview;
import dev.bulwark.admission.PreviewedRefusal;
import dev.bulwark.api.AdmissionPreviewStatus;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A baseline's admission preview gathered from its governed namespaces' evaluations: per check, the
 * keys of the existing objects its generated policy refuses now or later, and the bounded status
 * lines naming them. Complete only when every governed namespace was evaluated by this process at
 * the baseline's current generation with an audit (the preview of a namespace not evaluated yet is
 * unknown, never empty).
 *
 * @param complete whether every governed namespace contributed an evaluation of this generation
 * @param generation the baseline generation the evaluations applied
 * @param refusedByCheck per check, the keys of the objects it refuses (now or later)
 * @param objects the refusals grouped by object, sorted by namespace, kind and name
 */
public record AdmissionPreviews(
    boolean complete,
    long generation,
    Map<String, SortedSet<String>> refusedByCheck,
    List<List<PreviewedRefusal>> objects) {

  /**
   * The preview of {@code baseline} over the namespaces it governs, {@code governed} by name, with
   * {@code evaluations} giving each namespace's last evaluation (or null) and {@code uids} each
   * governed namespace's uid.
   */
  public static AdmissionPreviews gather(
      SecurityBaseline baseline,
      Map<String, String> governedUids,
      Function<String, NamespaceEvaluation> evaluations) {
    String name = baseline.getMetadata().getName();
    long generation =
        baseline.getMetadata().getGeneration() == null ? 0 : baseline.getMetadata().getGeneration();
    boolean complete = true;
    Map<String, SortedSet<String>> byCheck = new TreeMap<>();
    for (String check : AdmissionPreview.checks(baseline.getSpec())) {
      byCheck.put(check, new TreeSet<>());
    }
    Map<String, List<PreviewedRefusal>> byObject = new TreeMap<>();
    for (Map.Entry<String, String> ns : new TreeMap<>(governedUids).entrySet()) {
      NamespaceEvaluation evaluation = evaluations.apply(ns.getKey());
      if (evaluation == null
          || !ns.getValue().equals(evaluation.uid())
          || !name.equals(evaluation.governor())
          || evaluation.governorGeneration() != generation
          || evaluation.admissionRefusals() == null) {
        complete = false;
        continue;
      }
      for (PreviewedRefusal refusal : evaluation.admissionRefusals()) {
        byCheck.computeIfAbsent(refusal.check(), k -> new TreeSet<>()).add(refusal.key());
        byObject.computeIfAbsent(refusal.key(), k -> new ArrayList<>()).add(refusal);
      }
    }
    List<List<PreviewedRefusal>> objects = new ArrayList<>(byObject.values());
    objects.sort(
        Comparator.comparing((List<PreviewedRefusal> o) -> o.get(0).namespace())
            .thenComparing(o -> o.get(0).kind())
            .thenComparing(o -> o.get(0).name()));
    return new AdmissionPreviews(complete, generation, byCheck, List.copyOf(objects));
  }

  /** How many distinct objects some check refuses. */
  public int workloads() {
    return objects.size();
  }

  /**
   * The status lines, at most {@link AdmissionPreviewStatus#NAMES_PER_NAMESPACE} per namespace and
   * {@link AdmissionPreviewStatus#NAMES} in all.
   */
  public List<String> lines() {
    return bounded(objects);
  }

  /** How many objects some of {@code checks} refuse. */
  public int countFor(Collection<String> checks) {
    return (int)
        objects.stream().filter(o -> o.stream().anyMatch(r -> checks.contains(r.check()))).count();
  }

  /** The bounded status lines of the objects some of {@code checks} refuse, for an Event. */
  public List<String> linesFor(Collection<String> checks) {
    return bounded(
        objects.stream()
            .filter(o -> o.stream().anyMatch(r -> checks.contains(r.check())))
            .toList());
  }

  private static List<String> bounded(List<List<PreviewedRefusal>> objects) {
    Map<String, Integer> perNamespace = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (List<PreviewedRefusal> object : objects) {
      String ns = object.get(0).namespace();
      int shown = perNamespace.merge(ns, 1, Integer::sum);
      if (shown <= AdmissionPreviewStatus.NAMES_PER_NAMESPACE
          && lines.size() < AdmissionPreviewStatus.NAMES) {
        lines.add(AdmissionPreview.line(object));
      }
    }
    return List.copyOf(lines);
  }

  /** The keys {@code check}'s policy refuses; empty for a check with none. */
  public SortedSet<String> refusedBy(String check) {
    return refusedByCheck.getOrDefault(check, new TreeSet<>());
  }
}
