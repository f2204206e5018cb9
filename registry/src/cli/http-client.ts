/** Where a registry command sends its requests, and with which token. */
export interface RegistryClientFlags {
  registry: string
  token?: string
}

/**
 * Sends one request to a running registry with the token of `--token` and returns the response;
 * a refusal becomes an Error carrying the registry's own reason. (No environment variable: the
 * CLI reads every AETHER_* variable as configuration.)
 */
export async function registryRequest(flags: RegistryClientFlags, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const token = flags.token
  if (token === undefined || token === '') throw new Error('This command needs a registry token: pass --token <token> (from "aether registry token" on the registry host).')
  const url = `${flags.registry.replace(/\/+$/, '')}${path}`
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  }).catch((error: unknown) => {
    throw new Error(`The registry at ${flags.registry} cannot be reached (${(error as Error).message}). Is "aether registry start" running there?`, { cause: error })
  })
  if (!response.ok) {
    const text = await response.text()
    let reason = text
    try {
      reason = (JSON.parse(text) as { error?: string }).error ?? text
    } catch {
      // Not JSON: the text as it came.
    }
    throw new Error(`${response.status} ${response.statusText} from ${url}: ${reason}`)
  }
  return response
}
