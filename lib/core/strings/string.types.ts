/** Options of SET. */
export interface SetOptions {
  /**
   * `NX`: set only when the key does not exist; `XX`: only when it does. When the condition
   * fails SET answers `null` and changes nothing.
   * @default undefined (set unconditionally)
   */
  readonly condition?: 'NX' | 'XX';
  /**
   * `PX`: time to live in milliseconds, a positive integer. Without it the key has no TTL — SET
   * also clears the TTL the key had, as Redis does without KEEPTTL.
   * @default undefined (no TTL)
   */
  readonly pxMs?: number;
}
