/** Where the server's tunables come from, and the CDI producers that wire the room engine with them. */
package dev.socketchat.config;
