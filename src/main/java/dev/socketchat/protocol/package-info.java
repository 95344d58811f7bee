/**
 * The {@code /chat} room protocol: its requests and replies as records under sealed interfaces, the JSON-B decoder
 * and encoder that map them to text frames, and the rendering of room events into replies.
 */
package dev.socketchat.protocol;
