/** The server's own threads: how its pools and timers name and start them. */
package dev.socketchat.threads;
