package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;

class RunnerLogManagerTest {
  @Test
  void theRunnerNamesItsLogManagerAsTheJdkLoadsIt() throws ReflectiveOperationException {
    assertThat(Main.LOG_MANAGER).isEqualTo(RunnerLogManager.class.getName());
    Object made = Class.forName(Main.LOG_MANAGER).getDeclaredConstructor().newInstance(); // as LogManager makes it
    assertThat(made).isInstanceOf(LogManager.class);
  }
}
