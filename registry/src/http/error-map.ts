import { isAetherError } from '@aether/plugin-api'
import type { FastifyError } from 'fastify'
import { retryAfterOf } from '../abuse/publish-rate-limit.js'

// The one map from refusal to HTTP status (domain errors know nothing of HTTP).
const statusByCode: Record<string, number> = {
  AETHER_E_REGISTRY_TOKEN_INVALID: 401,
  AETHER_E_REGISTRY_BODY_INVALID: 400,
  AETHER_E_REGISTRY_INTEGRITY_MISMATCH: 400,
  AETHER_E_REGISTRY_VERSION_EXISTS: 409,
  AETHER_E_REGISTRY_PACKAGE_UNKNOWN: 404,
  AETHER_E_REGISTRY_CHANGE_REFUSED: 400,
  AETHER_E_REGISTRY_SIGNING_KEY_UNKNOWN: 404,
  AETHER_E_REGISTRY_QUERY_INVALID: 400,
  AETHER_E_REGISTRY_TOKEN_SCOPE_INSUFFICIENT: 403,
  AETHER_E_REGISTRY_NAME_OWNED: 403,
  AETHER_E_REGISTRY_RATE_LIMITED: 429,
  AETHER_E_REGISTRY_TARBALL_TOO_LARGE: 413,
  AETHER_E_REGISTRY_TARBALL_REFUSED: 422,
  AETHER_E_REGISTRY_USAGE_INVALID: 400,
  AETHER_E_REGISTRY_STATEMENT_INVALID: 400,
}

/** The error body: npm prints `error` after the status line, so it carries the whole message. */
interface ErrorBody {
  error: string
  code: string
}

/**
 * The status, body and headers for an error a route threw (a coded refusal, a schema failure,
 * or a fault); `maxBodyBytes` is named when a body is refused for its size.
 */
export function errorResponse(error: unknown, maxBodyBytes?: number): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const retryAfter = retryAfterOf(error)
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }
  return { ...statusAndBody(error, maxBodyBytes), headers }
}

function statusAndBody(error: unknown, maxBodyBytes: number | undefined): { status: number; body: ErrorBody } {
  if (isAetherError(error)) return { status: statusByCode[error.code] ?? 500, body: { error: error.message, code: error.code } }
  const fastifyError = error as FastifyError
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = maxBodyBytes === undefined ? '' : ` (${maxBodyBytes} bytes for a publish, its tarball base64-encoded in it)`
    return { status: 413, body: { error: `The request body is larger than this registry accepts${limit}. Make the package smaller: "npm pack --dry-run" lists what goes in.`, code: 'AETHER_E_REGISTRY_TARBALL_TOO_LARGE' } }
  }
  if (fastifyError.validation !== undefined) {
    return { status: 400, body: { error: `The request is malformed: ${fastifyError.message}. Use the npm CLI, or follow the API at /docs.`, code: 'AETHER_E_REGISTRY_BODY_INVALID' } }
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: { error: fastifyError.message, code: fastifyError.code ?? 'AETHER_E_REGISTRY_BODY_INVALID' } }
  }
  return { status: 500, body: { error: 'The registry failed to handle this request; the operator finds the cause in its log.', code: 'AETHER_E_REGISTRY_INTERNAL' } }
}
