package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerSelectionTest {

  @Test
  void allSelectsEveryServerAndNoneSelectsNothing() {
    ServerSelection all = ServerSelection.parse("all");
    ServerSelection none = ServerSelection.parse("none");
    for (AppServer server : AppServer.values()) {
      assertThat(all.includes(server)).isTrue();
      assertThat(none.includes(server)).isFalse();
    }
  }

  @Test
  void aListSelectsItsServersAndTomcatMeansEveryTomcat() {
    ServerSelection selection = ServerSelection.parse(" tomcat , WILDFLY");
    assertThat(selection.includes(AppServer.TOMCAT_11)).isTrue();
    assertThat(selection.includes(AppServer.TOMCAT_10)).isTrue();
    assertThat(selection.includes(AppServer.WILDFLY)).isTrue();
    assertThat(selection.includes(AppServer.PAYARA)).isFalse();
    assertThat(ServerSelection.parse("payara").includes(AppServer.TOMCAT_11)).isFalse();
  }

  @Test
  void anUnknownServerIsRefusedWithTheValidNames() {
    assertThatThrownBy(() -> ServerSelection.parse("tomcat9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tomcat9")
        .hasMessageContaining("tomcat11")
        .hasMessageContaining("payara");
  }
}
