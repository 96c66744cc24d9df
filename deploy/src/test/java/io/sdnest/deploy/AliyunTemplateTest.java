package io.sdnest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The Alibaba Cloud ROS template: Compute Nest's parameters and rules, one open port, the compose stack it runs. */
class AliyunTemplateTest {

  private final JsonNode template = read();
  private final JsonNode parameters = template.path("Parameters");

  private static JsonNode read() {
    try {
      return Manifests.YAML.readTree(Repo.read(Repo.deploy("aliyun/template.yaml")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Pattern passwordRule() {
    return Pattern.compile(parameters.path("InstancePassword").path("AllowedPattern").asText());
  }

  @Test
  void isARosTemplateWithComputeNestDefaults() {
    assertThat(template.path("ROSTemplateFormatVersion").asText()).isEqualTo("2015-09-01");
    assertThat(parameters.path("EcsInstanceType").path("Default").asText()).isEqualTo("ecs.gn6i-c4g1.xlarge");
    assertThat(parameters.path("EcsInstanceType").path("AssociationPropertyMetadata").path("Constraints")
        .path("InstanceTypeFamily").toString()).contains("ecs.gn6i", "ecs.gn7i");
    assertThat(parameters.path("VpcCidrBlock").path("Default").asText()).isEqualTo("192.168.0.0/16");
    assertThat(parameters.path("VSwitchCidrBlock").path("Default").asText()).isEqualTo("192.168.0.0/24");
    assertThat(parameters.path("PayType").path("AllowedValues").toString()).contains("PostPaid", "PrePaid");
    assertThat(parameters.path("PayType").path("Default").asText()).isEqualTo("PostPaid");
    assertThat(parameters.has("PayPeriod")).isTrue();
    assertThat(parameters.has("PayPeriodUnit")).isTrue();
    assertThat(parameters.path("ZoneId").path("AssociationProperty").asText()).isEqualTo("ALIYUN::ECS::Instance::ZoneId");
    assertThat(parameters.path("SupportPublicAccess").path("Type").asText()).isEqualTo("Boolean");
    assertThat(parameters.path("SdnestVersion").path("Default").asText()).isEqualTo(Repo.projectVersion());
    assertThat(parameters.path("SdnestImagePrefix").path("Default").asText()).isEqualTo(ComposeFile.dotEnv().get("SDNEST_IMAGE_PREFIX"));
  }

  @Test
  void cidrDefaultsPassTheirOwnPatterns() {
    for (String name : List.of("VpcCidrBlock", "VSwitchCidrBlock")) {
      JsonNode p = parameters.path(name);
      assertThat(p.path("Default").asText()).matches(p.path("AllowedPattern").asText());
    }
    assertThat("8.8.8.0/24").doesNotMatch(parameters.path("VpcCidrBlock").path("AllowedPattern").asText());
  }

  @Test
  void instancePasswordIsSecretAndEightToThirtyCharacters() {
    JsonNode p = parameters.path("InstancePassword");
    assertThat(p.path("NoEcho").asBoolean()).isTrue();
    assertThat(p.path("MinLength").asInt()).isEqualTo(8);
    assertThat(p.path("MaxLength").asInt()).isEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Abcdefg1", "abcdef1!", "ABCDEF1(", "Abcdefg!", "Aa1-Aa1-Aa1-Aa1-Aa1-Aa1-Aa1-Aa", "x_Y.z9'<>"})
  void passwordRuleAcceptsThreeOfFourClasses(String password) {
    assertThat(passwordRule().matcher(password).matches()).as(password).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcdefgh", "abcdefg1", "ABCDEFG!", "Ab1!", "Aa1-Aa1-Aa1-Aa1-Aa1-Aa1-Aa1-Aa1", "Abcdefg1 ", "Abcdefg1\""})
  void passwordRuleRejectsWeakOrForeignPasswords(String password) {
    assertThat(passwordRule().matcher(password).matches()).as(password).isFalse();
  }

  @Test
  void securityGroupOpensOnlyTheGatewayPort() {
    int gateway = Service.GATEWAY.config().httpPort();
    JsonNode rules = template.path("Resources").path("SecurityGroup").path("Properties").path("SecurityGroupIngress");
    assertThat(rules.size()).isEqualTo(1);
    assertThat(rules.get(0).path("PortRange").asText()).isEqualTo(gateway + "/" + gateway);
    assertThat(rules.get(0).path("IpProtocol").asText()).isEqualTo("tcp");
    template.path("Resources").forEach(r -> assertThat(r.path("Type").asText()).isNotEqualTo("ALIYUN::ECS::SecurityGroupIngress"));
  }

  @Test
  void createsNetworkAndOneGpuInstanceWithADataDisk() {
    JsonNode resources = template.path("Resources");
    assertThat(resources.path("Vpc").path("Type").asText()).isEqualTo("ALIYUN::ECS::VPC");
    assertThat(resources.path("VSwitch").path("Type").asText()).isEqualTo("ALIYUN::ECS::VSwitch");
    JsonNode instance = resources.path("InstanceGroup").path("Properties");
    assertThat(instance.path("MaxAmount").asInt()).isEqualTo(1);
    assertThat(instance.path("InstanceType").path("Ref").asText()).isEqualTo("EcsInstanceType");
    assertThat(instance.path("Password").path("Ref").asText()).isEqualTo("InstancePassword");
    assertThat(instance.path("DiskMappings").size()).isEqualTo(1);
  }

  @Test
  void userDataRunsTheComposeStackVerbatimAsASystemdUnit() {
    String userData = template.path("Resources").path("InstanceGroup").path("Properties").path("UserData").path("Fn::Replace").get(1).asText();
    assertThat(heredoc(userData, "SDNEST_COMPOSE_YAML")).isEqualTo(Repo.read(Repo.deploy("compose/compose.yaml")).stripTrailing());
    assertThat(heredoc(userData, "SDNEST_COMPOSE_ENV")).isEqualTo(Repo.read(Repo.deploy("compose/.env")).stripTrailing());
    assertThat(userData).contains("nvidia-container-toolkit", "docker-compose-plugin", "systemctl enable --now sdnest.service",
        "/home/sdnest");
    assertThat(userData).contains("SDNEST_ADMIN_PASSWORD=\"$(cat /opt/sdnest/admin-password)\"");
    assertThat(ComposeFile.dotEnv().get("SDNEST_HOST_DATA")).isEqualTo("/home/sdnest");
  }

  private static String heredoc(String script, String marker) {
    Matcher m = Pattern.compile("<<'" + marker + "'\n(.*?)\n" + marker + "\n", Pattern.DOTALL).matcher(script);
    assertThat(m.find()).as("heredoc %s in the user data", marker).isTrue();
    return m.group(1);
  }

  @Test
  void outputsTheEndpointDocsAndGeneratedAdminPassword() {
    JsonNode outputs = template.path("Outputs");
    int gateway = Service.GATEWAY.config().httpPort();
    assertThat(outputs.path("Endpoint").path("Value").path("Fn::Sub").get(0).asText()).endsWith(":" + gateway);
    assertThat(outputs.path("ApiDocs").path("Value").path("Fn::Sub").get(0).asText()).endsWith(":" + gateway + "/docs");
    JsonNode password = outputs.path("AdminPassword");
    assertThat(password.path("NoEcho").asBoolean()).isTrue();
    JsonNode fromSignal = password.path("Value").path("Fn::GetJsonValue");
    assertThat(fromSignal.get(1).path("Fn::GetAtt").toString()).isEqualTo("[\"WaitCondition\",\"Data\"]");
    String signalId = fromSignal.get(0).asText();
    String userData = template.path("Resources").path("InstanceGroup").path("Properties").path("UserData").path("Fn::Replace").get(1).asText();
    assertThat(userData).as("the success signal carries the password under the id the output reads")
        .contains("\\\"id\\\": \\\"" + signalId + "\\\", \\\"data\\\": \\\"$(cat /opt/sdnest/admin-password)\\\"");
    assertThat(template.path("Resources").path("WaitCondition").path("Type").asText()).isEqualTo("ALIYUN::ROS::WaitCondition");
    assertThat(template.path("Resources").path("WaitConditionHandle").path("Type").asText()).isEqualTo("ALIYUN::ROS::WaitConditionHandle");
  }

  @Test
  void theGeneratedAdminPasswordPassesThePasswordRule() {
    String userData = template.path("Resources").path("InstanceGroup").path("Properties").path("UserData").path("Fn::Replace").get(1).asText();
    assertThat(userData).contains("echo \"Sd-$(openssl rand -hex 12)\" > /opt/sdnest/admin-password");
    java.security.SecureRandom random = new java.security.SecureRandom();
    for (int i = 0; i < 50; i++) {
      byte[] bytes = new byte[12];
      random.nextBytes(bytes);
      String generated = "Sd-" + java.util.HexFormat.of().formatHex(bytes);
      assertThat(generated).matches(passwordRule());
    }
  }

  @Test
  void usesOnlyDocumentedResourceTypes() {
    java.util.Set<String> documented = java.util.Set.of("ALIYUN::ECS::VPC", "ALIYUN::ECS::VSwitch", "ALIYUN::ECS::SecurityGroup",
        "ALIYUN::ECS::InstanceGroup", "ALIYUN::ROS::WaitConditionHandle", "ALIYUN::ROS::WaitCondition");
    template.path("Resources").fields().forEachRemaining(r ->
        assertThat(documented).as("resource %s", r.getKey()).contains(r.getValue().path("Type").asText()));
  }
}
