/**
 * Builds coded error classes. Every Aether error has a stable `code` (AETHER_E_<AREA>_<PROBLEM>),
 * a message made from typed arguments, and an optional `cause`.
 *
 * @example
 * export const ManifestInvalid = defineError('AETHER_E_MANIFEST_INVALID',
 *   (plugin: string, problem: string) => `Plugin "${plugin}" has an invalid manifest: ${problem}`)
 * throw new ManifestInvalid(['storage-pglite', 'name is missing'])
 */
export interface AetherErrorClass<Args extends unknown[]> {
  new (args: Args, options?: { cause?: unknown }): AetherError
  readonly code: string
  /** True when `error` was made by this class (works across duplicated module copies). */
  is(error: unknown): error is AetherError
}

/** Base class of every coded error. */
export class AetherError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'AetherError'
  }
}

/** Makes an error class with a fixed code and a typed message builder. */
export function defineError<Args extends unknown[]>(
  code: string,
  message: (...args: Args) => string,
): AetherErrorClass<Args> {
  const errorClass = class extends AetherError {
    static readonly code = code
    constructor(args: Args, options?: { cause?: unknown }) {
      super(code, message(...args), options)
      this.name = code
    }
    static is(error: unknown): error is AetherError {
      return isAetherError(error) && error.code === code
    }
  }
  return errorClass
}

/** True for any coded Aether error, including ones made by another copy of this module. */
export function isAetherError(error: unknown): error is AetherError {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined
  return typeof code === 'string' && code.startsWith('AETHER_E_')
}
