/**
 * The server's metrics: Micrometer meters, exposed in Prometheus' text format at {@code /metrics}. The meters are
 * cheap to update from the delivery path (adders, no locks); gauges read the engine's counts when scraped.
 */
package dev.socketchat.metrics;
