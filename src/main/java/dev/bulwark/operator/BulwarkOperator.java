package dev.bulwark.operator;

import dev.bulwark.operator.baseline.SecurityBaselineReconciler;
import dev.bulwark.operator.events.EventRecorder;
import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceReport;
import dev.bulwark.operator.namespace.NamespaceAuditor;
import dev.bulwark.operator.namespace.NamespaceReconciler;
import dev.bulwark.plan.BaselineSelection;
import dev.bulwark.plan.KnownChecks;
import dev.bulwark.plan.SpecValidator;
import dev.bulwark.seal.SealedSecretsModule;
import dev.bulwark.seal.SealedSecretsOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Wires Bulwark's reconcilers into a java-operator-sdk Operator; {@code main} stays tiny. */
public final class BulwarkOperator implements AutoCloseable {

  private final Operator operator;
  private final ComplianceLedger ledger;
  private final SealedSecretsModule sealedSecrets;

  private BulwarkOperator(
      Operator operator, ComplianceLedger ledger, SealedSecretsModule sealedSecrets) {
    this.operator = operator;
    this.ledger = ledger;
    this.sealedSecrets = sealedSecrets;
  }

  /** The namespaces' latest reports, read-only, for an in-process viewer such as the demo. */
  public Collection<NamespaceReport> reports() {
    return List.copyOf(ledger.reports());
  }

  /** Registers every reconciler and starts them; the client is closed when this stops. */
  public static BulwarkOperator start(KubernetesClient client, OperatorOptions options) {
    AtomicReference<SealedSecretsModule> sealing = new AtomicReference<>();
    Operator operator =
        new Operator(
            overrider -> {
              overrider.withKubernetesClient(client).withCloseClientOnStop(true);
              if (options.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            options.leaseName())
                        .withLeaseNamespace(options.namespace())
                        // Only the leader makes sealing keys; standbys load them when it does.
                        // java-operator-sdk runs this callback before it starts event processing,
                        // so it only hands renewal to its own thread: it never blocks or throws.
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> sealing.get().startRenewalInBackground(),
                                () -> {},
                                leader -> {}))
                        .build());
              }
            });
    Clock clock = Clock.systemUTC();
    ComplianceLedger ledger = new ComplianceLedger();
    EventRecorder events = new EventRecorder(client);
    SpecValidator validator = new SpecValidator(KnownChecks.ids());
    BaselineSelection selection = new BaselineSelection(options.namespace());
    operator.register(
        new NamespaceReconciler(
            ledger, selection, validator, new NamespaceAuditor(), events, clock));
    operator.register(new SecurityBaselineReconciler(ledger, selection, validator, events, clock));
    OperatorNamespace.ensure(client, options.namespace());
    SealedSecretsOptions sealingOptions =
        SealedSecretsOptions.defaults(options.namespace())
            .withKeyRenewPeriod(options.keyRenewPeriod());
    SealedSecretsModule sealedSecrets =
        options.leaderElection()
            ? SealedSecretsModule.registerWithoutRenewal(operator, client, sealingOptions)
            : SealedSecretsModule.register(operator, client, sealingOptions);
    sealing.set(sealedSecrets);
    operator.start();
    return new BulwarkOperator(operator, ledger, sealedSecrets);
  }

  @Override
  public void close() {
    operator.stop();
    sealedSecrets.close();
  }
}
