package dev.bulwark.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RbacCheckTest {

  @Test
  void idsAreTheValuesOfSpecRbacForbid() {
    assertThat(Arrays.stream(RbacCheck.values()).map(Enum::name))
        .containsExactly(
            "ClusterAdminBinding", "WildcardRules", "SecretsReadAll", "EscalateBindImpersonate");
  }

  @ParameterizedTest
  @CsvSource({
    "ClusterAdminBinding, critical, 5.1.1",
    "WildcardRules, high, 5.1.3",
    "SecretsReadAll, high, 5.1.2",
    "EscalateBindImpersonate, critical, 5.1.8",
  })
  void carriesSeverityAndCisControl(RbacCheck check, String severity, String cisControl) {
    assertThat(check.severity().id()).isEqualTo(severity);
    assertThat(check.cisControl()).isEqualTo(cisControl);
  }

  @ParameterizedTest
  @EnumSource(RbacCheck.class)
  void hasAOneLineRemediation(RbacCheck check) {
    assertThat(check.remediation()).isNotBlank().doesNotContain("\n");
  }

  @Test
  void byIdFindsExactIdsOnly() {
    assertThat(RbacCheck.byId("SecretsReadAll")).contains(RbacCheck.SecretsReadAll);
    assertThat(RbacCheck.byId("secretsreadall")).isEmpty();
    assertThat(RbacCheck.byId("NoSuchCheck")).isEmpty();
  }
}
