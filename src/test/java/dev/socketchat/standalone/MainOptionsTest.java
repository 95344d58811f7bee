package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MainOptionsTest {

  @Test
  void defaultsToEveryInterfaceOnPort8080() {
    assertThat(Main.Options.parse(new String[0], null)).isEqualTo(new Main.Options("0.0.0.0", 8080, false));
  }

  @Test
  void thePortVariableIsUsedUnlessAFlagSaysOtherwise() {
    assertThat(Main.Options.parse(new String[0], "9000").port()).isEqualTo(9000);
    assertThat(Main.Options.parse(new String[] {"--port", "9100"}, "9000").port()).isEqualTo(9100);
  }

  @Test
  void hostAndPortFlagsAreRead() {
    assertThat(Main.Options.parse(new String[] {"--host", "127.0.0.1", "--port", "0"}, null))
        .isEqualTo(new Main.Options("127.0.0.1", 0, false));
    assertThat(Main.Options.parse(new String[] {"--help"}, null).help()).isTrue();
  }

  @Test
  void theReadyLineNamesEveryAddressAsLocalhostAndAnIpv6AddressInBrackets() {
    assertThat(Main.shown("0.0.0.0")).isEqualTo("localhost");
    assertThat(Main.shown("::")).isEqualTo("localhost");
    assertThat(Main.shown("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(Main.shown("chat.internal")).isEqualTo("chat.internal");
    assertThat(Main.shown("::1")).isEqualTo("[::1]");
    assertThat(Main.shown("fe80::1%eth0")).isEqualTo("[fe80::1%eth0]");
  }

  @Test
  void unknownFlagsMissingValuesAndBadPortsAreRefused() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--verbose"}, null))
        .hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port"}, null)).hasMessage("--port needs a value");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "70000"}, null))
        .hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> Main.Options.parse(new String[0], "http")).hasMessageContaining("PORT");
  }
}
