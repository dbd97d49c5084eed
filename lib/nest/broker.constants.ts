/**
 * The transport id of {@link BrokerServer}: handlers declared with the broker's decorators carry it,
 * so in a hybrid app with other transports they register on the broker only.
 */
export const BROKER_TRANSPORT = Symbol.for('nestjs-broker');

/** Injection token of the app's `BrokerPort` (the backend the module created or was given). */
export const BROKER_PORT = Symbol.for('nestjs-broker:port');

/** Injection token of the validated module options with defaults applied (internal). */
export const BROKER_RESOLVED_OPTIONS = Symbol.for('nestjs-broker:resolved-options');

/** Metadata on every method a broker decorator was applied to (its `Class.method` label). */
export const BROKER_HANDLER_MARK = 'nestjs-broker:handler';

/** Key of the broker's metadata inside a handler's Nest `extras`. */
export const BROKER_EXTRAS_KEY = 'nestjsBroker';

/** Prefix of the channels `BrokerClient.send()` requests travel on: `nb:rpc:<pattern>`. */
export const REQUEST_CHANNEL_PREFIX = 'nb:rpc:';

/** Prefix of each client's reply channel: `nb:rpc-reply:<client id>`. */
export const REPLY_CHANNEL_PREFIX = 'nb:rpc-reply:';
