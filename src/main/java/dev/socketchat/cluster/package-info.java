/**
 * Cluster mode: a room registry kept in Redis, so several nodes serve the same rooms. Lua scripts apply each change
 * and publish its event in one step; every node subscribes and hands the events to its own members; each node keeps a
 * liveness key so the others can remove its members when it dies.
 */
package dev.socketchat.cluster;
