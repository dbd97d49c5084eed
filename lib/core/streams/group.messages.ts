/**
 * Redis 7.0's error texts for consumer-group commands (redis-semantics.md §5). The NOGROUP
 * wording differs per command, so each variant has its own builder.
 */
export const GroupText = {
  keyRequired:
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  busyGroup: 'BUSYGROUP Consumer Group name already exists',
  entriesRead: 'ERR value for ENTRIESREAD must be positive or -1',
  noSuchKey: 'ERR no such key',
  /** XGROUP SETID / CREATECONSUMER / DELCONSUMER and XINFO CONSUMERS. */
  noGroupForKey: (group: string, key: string) =>
    `NOGROUP No such consumer group '${group}' for key name '${key}'`,
  /** XPENDING, XCLAIM, XAUTOCLAIM. */
  noKeyOrGroup: (key: string, group: string) =>
    `NOGROUP No such key '${key}' or consumer group '${group}'`,
  /** XREADGROUP. */
  noKeyOrGroupRead: (key: string, group: string) =>
    `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`,
  /** A blocked XREADGROUP whose group was destroyed. */
  groupDestroyed: 'NOGROUP the consumer group this client was blocked on no longer exists',
  /** A blocked XREADGROUP whose key was deleted or overwritten (7.0). */
  keyDeleted: 'UNBLOCKED the stream key no longer exists',
  dollarInReadGroup:
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  claimMinIdle: 'ERR Invalid min-idle-time argument for XCLAIM',
  claimIdle: 'ERR Invalid IDLE option argument for XCLAIM',
  claimTime: 'ERR Invalid TIME option argument for XCLAIM',
  claimRetryCount: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
  claimUnrecognized: (option: string) => `ERR Unrecognized XCLAIM option '${option}'`,
  autoClaimMinIdle: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  autoClaimCount: 'ERR COUNT must be > 0',
} as const;
