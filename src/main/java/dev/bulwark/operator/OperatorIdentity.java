package dev.bulwark.operator;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.status.ClusterErrors;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user name the operator's own requests carry, which the generated owned-object guard lets
 * through: the one given ({@code --operator-user}), else the API server's answer to a
 * SelfSubjectReview ({@code authentication.k8s.io/v1}, allowed to every authenticated user), so it
 * is right for any credential: in a cluster, the pod's ServiceAccount ({@code
 * system:serviceaccount:<namespace>:<name>}); from a kubeconfig, its user, impersonation included.
 */
public final class OperatorIdentity {

  private static final Logger log = LoggerFactory.getLogger(OperatorIdentity.class);

  private OperatorIdentity() {}

  /**
   * {@code writers} with the operator's user name filled in.
   *
   * @throws UnknownIdentity when it was not given and the API server does not say
   */
  public static TrustedWriters resolve(KubernetesClient client, TrustedWriters writers) {
    if (writers.operator() != null) {
      return writers;
    }
    try {
      SelfSubjectReview review =
          client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      if (review.getStatus() != null
          && review.getStatus().getUserInfo() != null
          && review.getStatus().getUserInfo().getUsername() != null
          && !review.getStatus().getUserInfo().getUsername().isEmpty()) {
        String user = review.getStatus().getUserInfo().getUsername();
        log.info("the operator acts as user {} (SelfSubjectReview)", user);
        return writers.withOperator(user);
      }
      throw new UnknownIdentity(
          "the API server's SelfSubjectReview named no user; pass --operator-user", null);
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0) {
        // No HTTP answer at all: the operator has no cluster to run against.
        throw new UnknownIdentity(
            "cannot reach the API server at "
                + client.getConfiguration().getMasterUrl()
                + ": "
                + ClusterErrors.rootCause(e)
                + " (no kubeconfig found? pass --kubeconfig FILE; in a pod, its ServiceAccount is"
                + " used)",
            e);
      }
      throw new UnknownIdentity(
          "cannot ask the API server who the operator is (SelfSubjectReview: HTTP "
              + e.getCode()
              + "); pass --operator-user with the operator's user name",
          e);
    }
  }

  /** The operator's user name was not given and could not be found out. */
  public static final class UnknownIdentity extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnknownIdentity(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
