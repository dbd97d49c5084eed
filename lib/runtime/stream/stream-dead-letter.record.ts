import type { StreamEntry } from '../../core/streams/stream.types';
import type { DeadLetter } from '../dead-letter.types';
import {
  type DeadLetterInfo,
  ENVELOPE_FIELD,
  type EnvelopeHeader,
  type ParsedEnvelope,
  readEnvelope,
  writeEnvelope,
} from '../envelope';
import type { MessageCodec } from '../message-codec';
import { type DecodedEntry, entryPayload, envelopeFields } from './stream-entry.codec';
import { streamIdTime } from './stream-id';

/*
 * A dead-letter entry is an envelope like any other, with `dl` in its header and the original
 * payload as its body:
 * - an envelope entry keeps its header (id, time, headers, codec) and codec body;
 * - a raw entry (`XADD s * amount 10`) becomes `raw: 'fields'` with its fields as a JSON object,
 *   and the entry id as its id;
 * - an entry that could not be read (undecodable, too large) is kept verbatim as `raw: 'string'`,
 *   so a replay writes back exactly what was there.
 */

/** The envelope text of the dead-letter entry for `entry`. */
export function deadLetterText(
  entry: StreamEntry,
  decoded: DecodedEntry | undefined,
  info: DeadLetterInfo,
): string {
  if (decoded?.header) {
    const { rg: _rg, dl: _dl, ...header } = decoded.header;
    return writeEnvelope({ ...header, dl: info }, decoded.body);
  }
  const payload = decoded?.payload ?? entryPayload(entry);
  const t = streamIdTime(entry.id);
  if (payload.kind === 'fields') {
    return writeEnvelope({ id: entry.id, t, raw: 'fields', dl: info }, payload.text);
  }
  const original = peekHeader(payload.text);
  const header: EnvelopeHeader = {
    id: original?.id ?? entry.id,
    t: original?.t ?? t,
    ...(original?.h ? { h: original.h } : {}),
    raw: 'string',
    dl: info,
  };
  return writeEnvelope(header, payload.text);
}

/** A dead-letter entry as the record `deadLetters()` lists; undefined for anything else. */
export function readDeadLetter(
  codec: MessageCodec,
  stream: string,
  entry: StreamEntry,
): DeadLetter | undefined {
  const record = parseRecord(entry);
  if (!record) return undefined;
  const { header, body, dl } = record;
  const { dl: _dl, ...original } = header;
  let data: unknown;
  let raw: string | undefined;
  if (isVerbatim(header, dl)) raw = body;
  else {
    try {
      data = codec.decode(writeEnvelope(original, body)).message.data;
    } catch {
      raw = body; // e.g. written with another codec than this app's
    }
  }
  return {
    id: entry.id,
    kind: 'stream',
    name: stream,
    // Raw entries are named by their entry id: they had no message id.
    messageId: header.raw === 'fields' || header.id === dl.entryId ? undefined : header.id,
    data,
    ...(raw !== undefined ? { raw } : {}),
    headers: header.h ?? {},
    reason: dl.reason,
    error: { name: dl.error.name ?? 'Error', message: dl.error.message },
    attempts: dl.attempts,
    publishedAt: new Date(header.t),
    failedAt: new Date(dl.failedAt),
    ...(dl.group !== undefined ? { group: dl.group } : {}),
    ...(dl.consumer !== undefined ? { consumer: dl.consumer } : {}),
    ...(dl.entryId !== undefined ? { entryId: dl.entryId } : {}),
  };
}

/**
 * The fields to append to the stream when `entry` (a dead-letter entry) is replayed: a new
 * envelope for the group that gave up (`rg`, so other groups skip it), its delivery count
 * starting over; or, for an entry kept verbatim, the original fields as they were.
 */
export function replayFields(entry: StreamEntry): string[] | undefined {
  const record = parseRecord(entry);
  if (!record) return undefined;
  const { header, body, dl } = record;
  if (isVerbatim(header, dl)) return envelopeFields(body);
  const { dl: _dl, rg: _rg, ...original } = header;
  const replayed: EnvelopeHeader = { ...original, ...(dl.group ? { rg: dl.group } : {}) };
  return envelopeFields(writeEnvelope(replayed, body));
}

interface ParsedRecord extends ParsedEnvelope {
  readonly dl: DeadLetterInfo;
}

function parseRecord(entry: StreamEntry): ParsedRecord | undefined {
  if (entry.fields[0] !== ENVELOPE_FIELD || entry.fields[1] === undefined) return undefined;
  let parsed: ParsedEnvelope | undefined;
  try {
    parsed = readEnvelope(entry.fields[1]);
  } catch {
    return undefined;
  }
  const dl = parsed?.header.dl;
  return parsed && dl ? { ...parsed, dl } : undefined;
}

function isVerbatim(header: EnvelopeHeader, dl: DeadLetterInfo): boolean {
  return header.raw === 'string' && (dl.reason === 'undecodable' || dl.reason === 'too-large');
}

/** The header of an envelope that failed to decode, when at least the header is readable. */
function peekHeader(text: string): EnvelopeHeader | undefined {
  try {
    return readEnvelope(text)?.header;
  } catch {
    return undefined;
  }
}
