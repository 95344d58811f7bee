package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AskedSettingsTest {
  private final AskedSettings settings = new AskedSettings(name -> null);

  AskedSettingsTest() {
    settings.apply("socketchat.heartbeat.interval");
    settings.apply("socketchat.limits.connections-per-address");
  }

  @Test
  void aMisspeltPropertyIsToldWithTheSettingItMostLikelyMeant() {
    assertThat(settings.unknown(Set.of("socketchat.heartbeat.intervall", "socketchat.heartbeat.interval"), Set.of()))
        .containsExactly(
            "system property socketchat.heartbeat.intervall is no setting of socketchat and is ignored; did you mean"
                + " socketchat.heartbeat.interval?");
  }

  @Test
  void aMisspeltVariableIsToldWithTheVariableItMostLikelyMeant() {
    assertThat(settings.unknown(Set.of(), Set.of("SOCKETCHAT_LIMITS_CONNECTION_PER_ADDRESS")))
        .containsExactly(
            "environment variable SOCKETCHAT_LIMITS_CONNECTION_PER_ADDRESS is no setting of socketchat and is"
                + " ignored; did you mean SOCKETCHAT_LIMITS_CONNECTIONS_PER_ADDRESS?");
  }

  @Test
  void aNameFarFromEverySettingIsToldWithoutAGuess() {
    assertThat(settings.unknown(Set.of("socketchat.colour"), Set.of()))
        .containsExactly("system property socketchat.colour is no setting of socketchat and is ignored");
  }

  @Test
  void settingsAskedForOtherNamesAndTheLaunchersOwnVariablesAreNotTold() {
    assertThat(
            settings.unknown(
                Set.of("socketchat.heartbeat.interval", "java.home", "socketchatty"),
                Set.of(
                    "SOCKETCHAT_HEARTBEAT_INTERVAL",
                    "SOCKETCHAT_JAVA_OPTS",
                    "SOCKETCHAT_JAVA_OPTS_EXTRA",
                    "SOCKETCHAT_HOST",
                    "PATH")))
        .isEmpty();
  }

  @Test
  void aSentenceAboutASettingNamesTheVariableItsValueCameFrom() {
    String sentence = "socketchat.heartbeat.interval must be positive";
    assertThat(
            AskedSettings.withSource(
                sentence, name -> null, name -> name.equals("SOCKETCHAT_HEARTBEAT_INTERVAL") ? "-5" : null))
        .isEqualTo(sentence + " (set as the environment variable SOCKETCHAT_HEARTBEAT_INTERVAL)");
    assertThat(AskedSettings.withSource(sentence, name -> "-5", name -> "-5"))
        .as("the system property wins, and the sentence names it")
        .isEqualTo(sentence);
    assertThat(AskedSettings.withSource("cannot listen on 127.0.0.1:80", name -> null, name -> "x"))
        .isEqualTo("cannot listen on 127.0.0.1:80");
  }

  @Test
  void theDistanceCountsSingleCharacterEdits() {
    assertThat(AskedSettings.distance("interval", "intervall")).isEqualTo(1);
    assertThat(AskedSettings.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(AskedSettings.distance("", "abc")).isEqualTo(3);
  }
}
