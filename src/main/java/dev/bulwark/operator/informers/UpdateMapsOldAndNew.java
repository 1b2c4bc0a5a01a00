package dev.bulwark.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.Set;

/**
 * An informer event source that, on an update, also triggers the primaries only the OLD object
 * mapped to. java-operator-sdk 5.2.3's {@link InformerEventSource#onUpdate} maps only the new
 * object (it calls the secondary-to-primary mapper on {@code newObject} alone), so when a
 * RoleBinding loses its subject of namespace A, A would never be re-analyzed and would keep
 * reporting a finding that no longer exists. Here the old object's mapping minus the new one's gets
 * an event too.
 *
 * <p>Meant for kinds the operator never writes itself (RBAC objects): the extra events skip the
 * own-write filtering and the update filters of the base class.
 *
 * @param <R> the watched kind
 * @param <P> the primary kind
 */
public final class UpdateMapsOldAndNew<R extends HasMetadata, P extends HasMetadata>
    extends InformerEventSource<R, P> {

  private final SecondaryToPrimaryMapper<R> mapper;

  /** An informer event source for {@code configuration}, whose mapper serves old and new. */
  public UpdateMapsOldAndNew(
      InformerEventSourceConfiguration<R> configuration, EventSourceContext<P> context) {
    super(configuration, context);
    this.mapper = configuration.getSecondaryToPrimaryMapper();
  }

  @Override
  public void onUpdate(R oldObject, R newObject) {
    super.onUpdate(oldObject, newObject);
    Set<ResourceID> left = onlyOld(mapper, oldObject, newObject);
    EventHandler handler = getEventHandler();
    if (handler != null) {
      left.forEach(id -> handler.handleEvent(new Event(id)));
    }
  }

  /** The primaries {@code oldObject} maps to and {@code newObject} does not. */
  static <R> Set<ResourceID> onlyOld(SecondaryToPrimaryMapper<R> mapper, R oldObject, R newObject) {
    Set<ResourceID> left = new HashSet<>(mapper.toPrimaryResourceIDs(oldObject));
    left.removeAll(mapper.toPrimaryResourceIDs(newObject));
    return left;
  }
}
