import { BrokerError } from './broker.errors';

/**
 * An error reply, as Redis would send it. `message` is Redis's full text (`"WRONGTYPE Operation
 * against a key holding the wrong kind of value"`), `code` its first word, so code written against
 * the memory core and against real Redis sees the same errors.
 */
export class BrokerReplyError extends BrokerError {
  /** First word of the reply: `ERR`, `WRONGTYPE`, `NOGROUP`, `BUSYGROUP`, `CROSSSLOT`, ... */
  readonly code: string;

  constructor(
    message: string,
    /** Lower-case command name that produced the error, when known. */
    readonly command?: string,
  ) {
    super(message);
    this.code = message.split(' ', 1)[0] ?? 'ERR';
  }
}

/** Redis's error texts used by more than one structure. */
export const ReplyText = {
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  notInteger: 'ERR value is not an integer or out of range',
  syntax: 'ERR syntax error',
  timeoutNegative: 'ERR timeout is negative',
  crossSlot: "CROSSSLOT Keys in request don't hash to the same slot",
  arity: (command: string) => `ERR wrong number of arguments for '${command}' command`,
} as const;
