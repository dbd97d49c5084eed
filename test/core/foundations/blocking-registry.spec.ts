import {
  BlockingRegistry,
  ServeResult,
  type Waiter,
} from '../../../lib/core/blocking/blocking-registry';
import { ManualClock } from '../../../lib/core/clock';

/** A waiter that takes one unit from a shared stock per key, recording what happened to it. */
function waiter(name: string, keys: string[], stock: Map<string, number>, log: string[]): Waiter {
  return {
    keys,
    tryServe(key) {
      const left = stock.get(key) ?? 0;
      if (left === 0) return ServeResult.Stop;
      stock.set(key, left - 1);
      log.push(`${name}<-${key}`);
      return ServeResult.Served;
    },
    expire: () => log.push(`${name}:timeout`),
  };
}

describe('BlockingRegistry', () => {
  let clock: ManualClock;
  let registry: BlockingRegistry;
  let stock: Map<string, number>;
  let log: string[];

  beforeEach(() => {
    clock = new ManualClock();
    registry = new BlockingRegistry(clock);
    stock = new Map();
    log = [];
  });

  it('serves waiters of a key in blocking order and stops when the key runs dry', () => {
    for (const name of ['a', 'b', 'c']) registry.block(waiter(name, ['k'], stock, log), 0);
    stock.set('k', 2);
    registry.signal('k');
    registry.handleReady();
    expect(log).toEqual(['a<-k', 'b<-k']);
    expect(registry.count('k')).toBe(1);
  });

  it('serves a waiter on several keys from the key signalled first, once', () => {
    registry.block(waiter('multi', ['k1', 'k2'], stock, log), 0);
    stock.set('k1', 1).set('k2', 1);
    registry.signal('k2');
    registry.signal('k1');
    registry.handleReady();
    expect(log).toEqual(['multi<-k2']);
    expect(registry.count()).toBe(0);
    expect(stock.get('k1')).toBe(1);
  });

  it('lets Skip pass a waiter over without ending the key', () => {
    const picky: Waiter = {
      keys: ['k'],
      tryServe: () => ServeResult.Skip,
      expire: () => undefined,
    };
    registry.block(picky, 0);
    registry.block(waiter('b', ['k'], stock, log), 0);
    stock.set('k', 1);
    registry.signal('k');
    registry.handleReady();
    expect(log).toEqual(['b<-k']);
    expect(registry.isBlocked(picky)).toBe(true);
  });

  it('expires a waiter at its timeout and never serves it afterwards', () => {
    registry.block(waiter('a', ['k'], stock, log), 100);
    clock.advance(99);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['a:timeout']);
    stock.set('k', 1);
    registry.signal('k');
    registry.handleReady();
    expect(log).toEqual(['a:timeout']);
  });

  it('expires a waiter when its signal aborts, and at once when already aborted', () => {
    const controller = new AbortController();
    registry.block(waiter('a', ['k'], stock, log), 0, controller.signal);
    controller.abort();
    registry.block(waiter('b', ['k'], stock, log), 0, controller.signal);
    expect(log).toEqual(['a:timeout', 'b:timeout']);
    expect(registry.count()).toBe(0);
  });

  it('handles keys signalled while serving in the same pass', () => {
    const mover: Waiter = {
      keys: ['src'],
      tryServe: () => {
        stock.set('dst', 1);
        registry.signal('dst');
        log.push('mover<-src');
        return ServeResult.Served;
      },
      expire: () => undefined,
    };
    registry.block(mover, 0);
    registry.block(waiter('d', ['dst'], stock, log), 0);
    registry.signal('src');
    registry.handleReady();
    expect(log).toEqual(['mover<-src', 'd<-dst']);
  });

  it('expireAll answers every blocked waiter with its timeout reply', () => {
    registry.block(waiter('a', ['k'], stock, log), 0);
    registry.block(waiter('b', ['j'], stock, log), 50);
    registry.expireAll();
    expect(log.sort()).toEqual(['a:timeout', 'b:timeout']);
    expect(clock.pendingTimers).toBe(0);
  });
});
