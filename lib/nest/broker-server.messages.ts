import type { ChannelRoute } from '../runtime/channel-subscriptions';
import type { DeliveryRunner } from '../runtime/delivery-runner';

/** What the server listens to, in one line: the first thing to check when a handler stays quiet. */
export function listeningMessage(
  backend: string,
  channels: readonly ChannelRoute[],
  runners: readonly DeliveryRunner[],
): string {
  const names = {
    channel: new Set<string>(),
    pattern: new Set<string>(),
    shard: new Set<string>(),
  };
  for (const route of channels) for (const name of route.names) names[route.kind].add(name);
  const parts = [
    list('channel', names.channel),
    list('pattern', names.pattern),
    list('shard channel', names.shard),
    ...runners.map((runner) => runner.label),
  ].filter((part) => part !== '');
  return `Listening on the ${backend} backend: ${parts.length > 0 ? parts.join('; ') : 'no broker handlers (are they on controllers?)'}.`;
}

function list(what: string, names: ReadonlySet<string>): string {
  if (names.size === 0) return '';
  const shown = [...names].slice(0, 5).map((n) => JSON.stringify(n));
  const more = names.size > 5 ? ` and ${names.size - 5} more` : '';
  return `${names.size} ${what}${names.size > 1 ? 's' : ''} (${shown.join(', ')}${more})`;
}
