/**
 * What every client connection shares, whichever protocol it speaks ({@code /chat} or Socket.IO): the outbox and
 * heartbeat that keep slow or dead peers from hurting anyone else, the live-session tracking that drains them on
 * shutdown, the per-address connection slots, the page origins let in, and CDI-made endpoint instances.
 */
package dev.socketchat.connection;
