package dev.socketchat.domain;

/** The stable, machine-readable codes a refused request is answered with. */
public enum Reason {
  BAD_JSON,
  NOT_OBJECT,
  BAD_TYPE,
  UNKNOWN_TYPE,
  BINARY_NOT_SUPPORTED,
  BAD_REQUEST_ID,
  BAD_ROOM_NAME,
  BAD_USER_NAME,
  BAD_MESSAGE,
  BAD_ROOM_ID,
  BAD_ROOM_KEY,
  BAD_MEMBER_COUNT,
  BAD_BEFORE,
  BAD_LIMIT,
  NO_SUCH_ROOM,
  NOT_MEMBER,
  NOT_OWNER,
  NAME_TAKEN,
  ALREADY_MEMBER,
  USER_MISMATCH,
  RATE_LIMITED,
  TOO_MANY_ROOMS,
  UNAVAILABLE
}
