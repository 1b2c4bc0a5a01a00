package dev.bulwark.policy;

/** One revision of a check's rule: reports what it finds wrong with a pod into a sink. */
@FunctionalInterface
public interface PodRule {

  void check(PodView pod, CheckInfo check, FindingSink sink);
}
