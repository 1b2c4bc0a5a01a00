package dev.bulwark.seal;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SealedSecretStatus;
import dev.bulwark.operator.informers.Wakeups;
import dev.bulwark.operator.informers.WithoutManagedFields;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.GenericRetryExecution;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unseals each SealedSecret into a Secret of the same name that it owns, restores that Secret when
 * it drifts, and reports the result as the Synced condition and Events. Never logs or reports a
 * value: messages name items, keys and objects only.
 *
 * <p>A SealedSecret that does not sync is tried again with exponential backoff per SealedSecret and
 * generation: {@code retryFailedAfter} twice, then doubling, capped at {@link #MAX_RETRY}
 * (java-operator-sdk's {@link GenericRetry} computes the delays). Success or a new generation
 * starts over.
 */
@ControllerConfiguration(
    name = SealedSecretReconciler.NAME,
    fieldManager = SealedSecretReconciler.FIELD_MANAGER,
    // Wake-ups are Wakeups' (one per SealedSecret): java-operator-sdk's timer keeps a cancelled
    // task per reconcile until its due time (issue 12).
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 0),
    // managedFields are never read: at 10,000 SealedSecrets they were most of their cache.
    informer = @Informer(itemStore = WithoutManagedFields.class))
public final class SealedSecretReconciler implements Reconciler<SealedSecret> {

  public static final String NAME = "sealedsecret";

  /** Field manager of every write Bulwark makes. */
  public static final String FIELD_MANAGER = "bulwark";

  /**
   * Longest wait between two attempts at a failing SealedSecret: 1000 s, the cap of client-go's
   * default per-item exponential rate limiter, so a hostile or broken object costs one unseal
   * attempt per quarter hour at most.
   */
  public static final Duration MAX_RETRY = Duration.ofSeconds(1000);

  private static final Logger LOG = LoggerFactory.getLogger(SealedSecretReconciler.class);

  private final SealingKeyStore keys;
  private final GenericRetry retry;
  private final Clock clock;
  private final UnsealObserver observer;
  private final Map<ResourceID, Backoff> backoffs = new ConcurrentHashMap<>();
  private final Wakeups<SealedSecret> wakeups;
  private IndexerResourceCache<SealedSecret> primaries;
  private InformerEventSource<Secret, SealedSecret> secrets;

  /**
   * A reconciler unsealing with {@code keys}, telling {@code observer} what each reconcile did.
   *
   * @param retryFailedAfter the first wait before a SealedSecret that did not sync is tried again
   * @param safetyNet the longest time between two reconciles of one SealedSecret
   */
  public SealedSecretReconciler(
      SealingKeyStore keys,
      Duration retryFailedAfter,
      Duration safetyNet,
      Clock clock,
      UnsealObserver observer) {
    this.keys = keys;
    this.wakeups = new Wakeups<>("sealedsecret-wakeups", safetyNet);
    this.observer = observer;
    this.retry =
        new GenericRetry()
            .setInitialInterval(retryFailedAfter)
            .setIntervalMultiplier(2)
            .setMaxInterval(Math.max(retryFailedAfter.toMillis(), MAX_RETRY.toMillis()))
            .withoutMaxAttempts();
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, SealedSecret>> prepareEventSources(
      EventSourceContext<SealedSecret> context) {
    primaries = context.getPrimaryCache();
    observer.watchingSealedSecrets(primaries);
    secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, SealedSecret.class)
                .withName("secrets")
                .withLabelSelector(UnsealedSecrets.LABEL + "=true")
                .withSecondaryToPrimaryMapper(secret -> Set.of(ResourceID.fromResource(secret)))
                .withPrimaryToSecondaryMapper(
                    (SealedSecret primary) -> Set.of(ResourceID.fromResource(primary)))
                .withItemStore(new WithoutManagedFields<>())
                .build(),
            context);
    return List.of(secrets, wakeups);
  }

  @Override
  public UpdateControl<SealedSecret> reconcile(SealedSecret sealed, Context<SealedSecret> context) {
    KubernetesClient client = context.getClient();
    long generation = sealed.getMetadata().getGeneration();
    UnsealOutcome outcome = sync(sealed, client, generation);
    if (outcome.wrote() || !outcome.synced()) {
      observer.result(outcome.reason(), outcome.synced());
    }
    SealedSecretStatus next =
        SyncedCondition.next(sealed.getStatus(), generation, outcome, clock.instant());
    boolean changed = !next.equals(sealed.getStatus());
    if (changed || outcome.wrote()) {
      outcome.event().ifPresent(event -> new SealedSecretEvents(client).record(sealed, event));
    }
    UpdateControl<SealedSecret> control;
    if (changed) {
      sealed.setStatus(next);
      control = UpdateControl.patchStatus(sealed);
    } else {
      control = UpdateControl.noUpdate();
    }
    ResourceID id = ResourceID.fromResource(sealed);
    if (outcome.synced()) {
      backoffs.remove(id);
      wakeups.wakeAfter(id, null);
    } else {
      Duration delay = nextDelay(id, generation);
      LOG.info(
          "SealedSecret {}/{} not synced ({}); attempt {}, next in {} s",
          sealed.getMetadata().getNamespace(),
          sealed.getMetadata().getName(),
          outcome.reason(),
          backoffs.get(id).execution().getAttemptCount(),
          delay.toSeconds());
      wakeups.wakeAfter(id, delay);
    }
    return control;
  }

  /**
   * The wait before the next attempt at this SealedSecret's generation; forgets SealedSecrets that
   * are gone, so the map holds only failing ones that exist.
   */
  private Duration nextDelay(ResourceID id, long generation) {
    if (primaries != null) {
      backoffs.keySet().removeIf(other -> primaries.get(other).isEmpty());
    }
    Backoff backoff =
        backoffs.compute(
            id,
            (key, current) ->
                current != null && current.generation() == generation
                    ? current
                    : new Backoff(generation, retry.initExecution()));
    return Duration.ofMillis(backoff.execution().nextDelay().orElse(retry.getMaxInterval()));
  }

  /** The retry state of one failing SealedSecret generation. */
  private record Backoff(long generation, GenericRetryExecution execution) {}

  private UnsealOutcome sync(SealedSecret sealed, KubernetesClient client, long generation) {
    Secret desired;
    ResourceID id = ResourceID.fromResource(sealed);
    try {
      SecretUnsealer.Unsealed unsealed = new SecretUnsealer(keys.ring()).unsealNamingKey(sealed);
      unsealed
          .oldestKey()
          .ifPresentOrElse(key -> observer.opened(id, key), () -> observer.notOpened(id));
      desired = UnsealedSecrets.desired(sealed, unsealed.secret());
    } catch (UnsealException e) {
      observer.notOpened(id);
      return UnsealOutcome.failed(e.reason(), e.getMessage());
    }
    String namespace = sealed.getMetadata().getNamespace();
    String name = sealed.getMetadata().getName();
    Secret existing =
        secrets
            .get(id)
            .orElseGet(() -> client.secrets().inNamespace(namespace).withName(name).get());
    if (existing != null
        && !UnsealedSecrets.isOwnedBy(existing, sealed)
        && !UnsealedSecrets.allowsTakeOver(existing)) {
      return UnsealOutcome.failed(
          SealedSecretConditions.REASON_SECRET_NOT_OWNED,
          "Secret "
              + namespace
              + "/"
              + name
              + " exists and is not owned by this SealedSecret; it is left untouched (annotate"
              + " it bulwark.dev/managed=true to let Bulwark take it over)");
    }
    if (existing != null && UnsealedSecrets.matches(existing, desired, sealed)) {
      return UnsealOutcome.upToDate();
    }
    boolean repair =
        SyncedCondition.wasSynced(sealed.getStatus(), generation)
            && (existing == null || UnsealedSecrets.isOwnedBy(existing, sealed));
    try {
      Secret written = new SecretWriter(client).write(existing, desired, sealed);
      if (existing == null) {
        secrets.handleRecentResourceCreate(id, written);
      } else {
        secrets.handleRecentResourceUpdate(id, written, existing);
      }
    } catch (KubernetesClientException e) {
      return UnsealOutcome.failed(
          SealedSecretConditions.REASON_WRITE_FAILED,
          "could not write Secret " + namespace + "/" + name + ": " + describe(e));
    }
    // Names and counts only, never a value.
    LOG.info(
        "{} Secret {}/{} with {} item(s) (SealedSecret {}/{})",
        existing == null ? "created" : repair ? "restored" : "updated",
        namespace,
        name,
        desired.getData() == null ? 0 : desired.getData().size(),
        namespace,
        name);
    if (repair) {
      return UnsealOutcome.restored(existing == null ? "deleted" : "edited");
    }
    return UnsealOutcome.unsealed(desired.getData().size());
  }

  /**
   * HTTP code, reason and offending fields: API messages are not echoed in case they quote data.
   */
  private static String describe(KubernetesClientException e) {
    StringBuilder text = new StringBuilder("HTTP ").append(e.getCode());
    if (e.getStatus() != null) {
      if (e.getStatus().getReason() != null) {
        text.append(' ').append(e.getStatus().getReason());
      }
      if (e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null) {
        String fields =
            e.getStatus().getDetails().getCauses().stream()
                .map(StatusCause::getField)
                .filter(f -> f != null && !f.isEmpty())
                .collect(Collectors.joining(", "));
        if (!fields.isEmpty()) {
          text.append(" (fields: ").append(fields).append(')');
        }
      }
    }
    return text.toString();
  }
}
