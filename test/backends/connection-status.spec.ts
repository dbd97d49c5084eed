import { ConnectionStatus } from '../../lib/backends/connection-status';
import type { BrokerConnectionStatus } from '../../lib/port/connection.port';

describe('ConnectionStatus', () => {
  it('reports changes only, never the same status twice in a row', () => {
    const status = new ConnectionStatus('connecting');
    const seen: BrokerConnectionStatus[] = [];
    status.subscribe((s) => seen.push(s));
    status.set('connected');
    status.set('connected');
    status.set('reconnecting');
    status.set('reconnecting');
    status.set('connected');
    expect(seen).toEqual(['connected', 'reconnecting', 'connected']);
    expect(status.value).toBe('connected');
  });

  it('disconnected is final: later events change nothing', () => {
    const status = new ConnectionStatus('connected');
    const seen: BrokerConnectionStatus[] = [];
    status.subscribe((s) => seen.push(s));
    status.set('disconnected');
    status.set('connected');
    status.set('reconnecting');
    expect(seen).toEqual(['disconnected']);
    expect(status.value).toBe('disconnected');
  });

  it('a removed listener is not called; one listener added twice is called twice', () => {
    const status = new ConnectionStatus('connecting');
    const calls: string[] = [];
    const listener = (s: BrokerConnectionStatus): void => void calls.push(s);
    const remove = status.subscribe(listener);
    status.subscribe(listener);
    remove();
    status.set('connected');
    expect(calls).toEqual(['connected']);
  });

  it('a throwing listener does not keep the others from being told; its error is handed on', () => {
    const errors: unknown[] = [];
    const status = new ConnectionStatus('connecting', (error) => errors.push(error));
    const seen: BrokerConnectionStatus[] = [];
    status.subscribe(() => {
      throw new Error('listener bug');
    });
    status.subscribe((s) => seen.push(s));
    status.set('connected');
    expect(seen).toEqual(['connected']);
    expect(errors).toEqual([new Error('listener bug')]);
  });
});
