import { connect } from 'node:net';

/**
 * Sends one command over a fresh socket and resolves with the raw reply text. Enough for the
 * harness's readiness checks (PING, CLUSTER INFO) without a client library.
 */
export function rawCommand(port: number, args: string[], timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(text);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no reply from 127.0.0.1:${port}`)));
    socket.on('error', done);
    socket.on('connect', () => {
      const body = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
      socket.write(`*${args.length}\r\n${body}`);
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (isComplete(text)) done();
    });
  });
}

/** Whether `text` holds one whole simple, error, integer or bulk reply. */
function isComplete(text: string): boolean {
  const lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) return false;
  if (text[0] !== '$') return true;
  const length = Number(text.slice(1, lineEnd));
  return length < 0 || Buffer.byteLength(text) >= lineEnd + 2 + length + 2;
}

/** Polls `check` until it resolves true; rejects with `what` after `timeoutMs`. */
export async function pollUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}
