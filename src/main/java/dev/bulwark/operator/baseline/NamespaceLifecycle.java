package dev.bulwark.operator.baseline;

import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.informers.NoSecondaryIndex;
import dev.bulwark.operator.informers.WithoutManagedFields;
import dev.bulwark.operator.ledger.ComplianceLedger;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The baseline reconciler's view of which namespaces exist. Every namespace that appears, changes
 * its labels, starts terminating or disappears makes every baseline re-aggregate, and a namespace
 * that starts terminating or is deleted is forgotten by the ledger at that moment
 * (java-operator-sdk does not call the namespace reconciler for it, since Bulwark puts no finalizer
 * on namespaces).
 */
final class NamespaceLifecycle extends InformerEventSource<Namespace, SecurityBaseline> {

  private final ComplianceLedger ledger;

  NamespaceLifecycle(ComplianceLedger ledger, EventSourceContext<SecurityBaseline> context) {
    super(
        InformerEventSourceConfiguration.from(Namespace.class, SecurityBaseline.class)
            .withName("namespace-lifecycle")
            .withPrimaryToSecondaryMapper(NoSecondaryIndex.mapper())
            .withSecondaryToPrimaryMapper(
                namespace ->
                    context
                        .getPrimaryCache()
                        .list()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (newer, older) ->
                    !Objects.equals(
                            newer.getMetadata().getLabels(), older.getMetadata().getLabels())
                        || !Objects.equals(
                            newer.getMetadata().getDeletionTimestamp(),
                            older.getMetadata().getDeletionTimestamp()))
            .withItemStore(new WithoutManagedFields<>())
            .build(),
        context);
    this.ledger = ledger;
  }

  @Override
  public void onAdd(Namespace namespace) {
    forgetIfTerminating(namespace);
    super.onAdd(namespace);
  }

  @Override
  public void onUpdate(Namespace older, Namespace newer) {
    forgetIfTerminating(newer);
    super.onUpdate(older, newer);
  }

  @Override
  public void onDelete(Namespace namespace, boolean finalStateUnknown) {
    ledger.forget(namespace.getMetadata().getName(), namespace.getMetadata().getUid());
    super.onDelete(namespace, finalStateUnknown);
  }

  /** Namespaces that exist and are not terminating: the only ones a status may count. */
  List<Namespace> live() {
    return list().filter(n -> n.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private void forgetIfTerminating(Namespace namespace) {
    if (namespace.getMetadata().getDeletionTimestamp() != null) {
      ledger.forget(namespace.getMetadata().getName(), namespace.getMetadata().getUid());
    }
  }
}
