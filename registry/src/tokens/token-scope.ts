/**
 * What a token may do. `read`, `publish` and `admin` are ordered: each allows what the one
 * before allows. `usage` stands apart: it only reports usage (a metering collector's token
 * should not publish), and admin allows that too.
 */
export const tokenScopes = ['read', 'publish', 'admin', 'usage'] as const
export type TokenScope = (typeof tokenScopes)[number]

const allowed: Record<TokenScope, readonly TokenScope[]> = {
  read: ['read'],
  publish: ['read', 'publish'],
  admin: ['read', 'publish', 'admin', 'usage'],
  usage: ['usage'],
}

/** True when a token of scope `has` may do what needs `needed`. */
export function scopeAllows(has: TokenScope, needed: TokenScope): boolean {
  return allowed[has].includes(needed)
}

export function isTokenScope(value: string): value is TokenScope {
  return (tokenScopes as readonly string[]).includes(value)
}
