/**
 * Stream ids as Redis replies with them (`ms-seq`, both decimal). Kept apart from the core's
 * parser: the runtime only ever compares ids Redis gave it, never user input.
 */

/** Whether `text` is an id an option may name: `ms` or `ms-seq`. */
export function isStreamId(text: string): boolean {
  return /^\d{1,20}(-\d{1,20})?$/.test(text);
}

/** Orders two `ms-seq` ids as Redis does: by time, then by sequence. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  return compareDecimals(aMs, bMs) || compareDecimals(aSeq, bSeq);
}

/** The time part of an id, in ms since the epoch (when the entry was added, for `*` ids). */
export function streamIdTime(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}

function compareDecimals(a: string, b: string): number {
  // Canonical decimals (no leading zeros): the longer is the larger; else compare as text.
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
