/**
 * True when an error means the connection failed, not the statement: the work can be retried
 * on a new connection. A transaction that lost its connection was rolled back by the server,
 * and Aether's writes are idempotent, so a retry never writes twice.
 */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true
    // SQLSTATE class 08 (connection exception); 57P01..03: the server is shutting down or starting.
    if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true
  }
  // node-postgres reports a dropped socket as a plain Error with one of these messages.
  return typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
}
