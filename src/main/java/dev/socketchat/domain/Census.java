package dev.socketchat.domain;

/** How much a registry holds: owned rooms, open rooms and memberships over both. */
public record Census(int ownedRooms, int openRooms, int memberships) {}
