package io.sdnest.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRuleTest {

  @Test
  void acceptsThreeOfFourClassesWithinLength() {
    assertThat(PasswordRule.violation("Abcdefg1")).isEmpty();
    assertThat(PasswordRule.violation("abcdef1!")).isEmpty();
    assertThat(PasswordRule.violation("ABCDEF1!")).isEmpty();
    assertThat(PasswordRule.violation("Abcdefg!")).isEmpty();
    assertThat(PasswordRule.violation("Aa1!" + "x".repeat(26))).isEmpty();
  }

  @Test
  void rejectsTooShortOrTooLong() {
    assertThat(PasswordRule.violation("Ab1!xyz")).hasValueSatisfying(why -> assertThat(why).contains("7 characters"));
    assertThat(PasswordRule.violation("Aa1!" + "x".repeat(27))).hasValueSatisfying(why -> assertThat(why).contains("31"));
  }

  @Test
  void rejectsFewerThanThreeClasses() {
    assertThat(PasswordRule.violation("abcdefgh")).isPresent();
    assertThat(PasswordRule.violation("abcd1234")).isPresent();
    assertThat(PasswordRule.violation("ABCD!!!!")).isPresent();
    assertThat(PasswordRule.violation("password")).hasValueSatisfying(why -> assertThat(why).contains("1 of the 4"));
  }
}
