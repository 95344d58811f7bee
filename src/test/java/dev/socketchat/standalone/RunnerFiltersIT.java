package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.FreePorts;
import java.util.List;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.http.server.FileCacheFilter;
import org.junit.jupiter.api.Test;

/**
 * The runner's own filters take two places in Grizzly's chain, one on each side of the HTTP codec, besides the HTTP
 * request pool, and Grizzly's file cache filter (no handler of the runner fills its cache) is not there: Grizzly keeps
 * 28 bytes per filter on every connection (BENCHMARK.md, issue 15, tenth session).
 */
class RunnerFiltersIT {
  @Test
  void theRunnersFiltersTakeTwoPlacesInTheChain() {
    StandaloneServer server = StandaloneServer.start("127.0.0.1", FreePorts.take(1)[0]);
    try {
      List<Filter> chain = server.filters();
      assertThat(chain).hasSize(8).noneMatch(FileCacheFilter.class::isInstance);
      List<Filter> ours =
          chain.stream().filter(filter -> filter.getClass().getPackageName().startsWith("dev.socketchat")).toList();
      assertThat(ours).hasExactlyElementsOfTypes(FilterGroup.class, FilterGroup.class, HttpRequestPool.class);
      assertThat(((FilterGroup) ours.get(0)).members())
          .hasExactlyElementsOfTypes(
              ConnectionCapFilter.class, CloseTimeoutFilter.class, UpgradedConnectionFilter.class,
              RequestLineFilter.class);
      assertThat(((FilterGroup) ours.get(1)).members())
          .hasExactlyElementsOfTypes(
              BadRequestFilter.class, RefusedOriginFilter.class, TooManyConnectionsFilter.class,
              UnauthorizedHandshakeFilter.class, RefusedHandshakeFilter.class, UpgradedSocketFilter.class,
              MethodFilter.class, EarlyFramesFilter.class);
    } finally {
      server.close();
    }
  }
}
