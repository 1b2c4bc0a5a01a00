package dev.bulwark.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the certificate the operator seals with, for `bulwark seal --cert` or kubeseal. */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    description = {
      "Print the cluster's current sealing certificate (PEM).",
      "It is public: commit it, and seal offline with `bulwark seal --cert FILE` or",
      "`kubeseal --cert FILE`."
    })
public final class CertCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Mixin CommandFailure failure;

  @Override
  public Integer call() {
    try {
      spec.commandLine().getOut().print(SealingCertificateSource.publishedPem(cluster));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (CliException e) {
      return failure.report(e);
    }
  }
}
