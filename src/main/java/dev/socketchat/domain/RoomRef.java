package dev.socketchat.domain;

/** Names one room in the engine: an owned room by its number or an open room by the site's key. */
public sealed interface RoomRef permits RoomId, RoomKey {}
