package dev.socketchat.standalone;

import dev.socketchat.config.EngineProducers;
import dev.socketchat.config.Settings;
import dev.socketchat.metrics.MetricsSettings;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBeanAttributes;
import jakarta.inject.Singleton;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hands the runner's CDI container its settings, read through a lookup the runner chose (the environment, or none at
 * all for the warm-up's server), in place of the producers that read the environment and the WAR's parameters.
 */
final class RunnerSettings implements Extension {
  private final Settings settings;
  private final MetricsSettings metrics;

  /**
   * Reads the settings at once.
   *
   * @throws IllegalArgumentException naming a setting the server cannot use
   */
  RunnerSettings(UnaryOperator<String> lookup) {
    this.settings = Settings.from(lookup);
    this.metrics = Settings.metrics(lookup);
  }

  /** The settings this container runs with. */
  Settings settings() {
    return settings;
  }

  /** Takes {@link EngineProducers}' own settings producers out. */
  void withoutEnvironment(@Observes ProcessBeanAttributes<?> event) {
    Set<Type> types = event.getBeanAttributes().getTypes();
    if (event.getAnnotated() instanceof AnnotatedMethod<?> method
        && method.getDeclaringType().getJavaClass() == EngineProducers.class
        && (types.contains(Settings.class) || types.contains(MetricsSettings.class))) {
      event.veto();
    }
  }

  /** Puts these settings in their place. */
  void withTheseSettings(@Observes AfterBeanDiscovery event) {
    event.addBean().types(Settings.class, Object.class).scope(Singleton.class).createWith(context -> settings);
    event.addBean().types(MetricsSettings.class, Object.class).scope(Singleton.class).createWith(context -> metrics);
  }
}
