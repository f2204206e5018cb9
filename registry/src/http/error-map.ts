import { isAetherError } from '@aether/plugin-api'
import type { FastifyError } from 'fastify'

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
}

/** The error body: npm prints `error` after the status line, so it carries the whole message. */
interface ErrorBody {
  error: string
  code: string
}

/** The status and body for an error a route threw (a coded refusal, a schema failure, or a fault). */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isAetherError(error)) return { status: statusByCode[error.code] ?? 500, body: { error: error.message, code: error.code } }
  const fastifyError = error as FastifyError
  if (fastifyError.validation !== undefined) {
    return { status: 400, body: { error: `The request is malformed: ${fastifyError.message}. Use the npm CLI, or follow the API at /docs.`, code: 'AETHER_E_REGISTRY_BODY_INVALID' } }
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: { error: fastifyError.message, code: fastifyError.code ?? 'AETHER_E_REGISTRY_BODY_INVALID' } }
  }
  return { status: 500, body: { error: 'The registry failed to handle this request; the operator finds the cause in its log.', code: 'AETHER_E_REGISTRY_INTERNAL' } }
}
