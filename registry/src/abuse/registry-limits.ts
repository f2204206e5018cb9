import { defaultPublishRateLimit, type PublishRateLimit } from './publish-rate-limit.js'

/** The abuse limits of a registry (docs/registry.md, "Abuse rules"); each is configurable. */
export interface RegistryLimits {
  /** The largest tarball accepted, compressed, in bytes. */
  maxTarballBytes: number
  /** Publish attempts per token. */
  publishRate: PublishRateLimit
}

export const defaultRegistryLimits: RegistryLimits = { maxTarballBytes: 10 * 1024 * 1024, publishRate: defaultPublishRateLimit }

/** The request body limit of a publish: the tarball travels base64 (4/3 of it) in JSON with the manifest. */
export function publishBodyLimit(limits: RegistryLimits): number {
  return Math.ceil(limits.maxTarballBytes * 4 / 3) + 1024 * 1024
}
