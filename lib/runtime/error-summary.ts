/** What an error says, for logs and dead-letter records. */
export interface ErrorSummary {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/**
 * Summarises anything thrown. Nest hands a transport serialised errors (`{ status: 'error',
 * message: 'Internal server error' }`, an RpcException's payload) as often as `Error`s.
 */
export function summarizeError(error: unknown): ErrorSummary {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  if (typeof error === 'object' && error !== null) {
    const { message } = error as { message?: unknown };
    if (typeof message === 'string') return { name: 'Error', message };
    try {
      return { name: 'Error', message: JSON.stringify(error) };
    } catch {
      return { name: 'Error', message: String(error) };
    }
  }
  return { name: 'Error', message: String(error) };
}
