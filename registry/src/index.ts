// The marketplace registry: the npm protocol, certification of adapters, signed certificates.

export { startRegistry, type RunningRegistry, type StartOptions } from './start-registry.js'
export { Registry, type RegistryOptions } from './registry.js'
export { registryServer, type ServerOptions } from './http/registry-server.js'
export { SubmissionWorker, defaultWorkerOptions, type WorkerOptions } from './submissions/submission-worker.js'
export type { Submission, SubmissionState } from './submissions/submission-store.js'
export { Certificate, PublishedKey, verifyCertification, signCertificate, certificateBytes } from './signing/certification.js'
export { KeyStore, defaultKeyPolicy, type KeyPolicy } from './signing/key-store.js'
export {
  RegistryTokenInvalid, RegistryBodyInvalid, RegistryIntegrityMismatch, RegistryVersionExists, RegistryPackageUnknown,
  RegistryChangeRefused, RegistrySigningKeyUnknown, RegistrySignatureInvalid, RegistryQueryInvalid,
  InstallRegistryUnreachable, InstallVersionUnresolved, InstallIntegrityMismatch, InstallNotCertified, InstallEngineIncompatible,
  InstallGrantRequired, InstallCapabilityEscalation, InstallTarballUnsafe, InstallLockfileInvalid,
  RegistryTokenScopeInsufficient, RegistryNameOwned, RegistryRateLimited, RegistryTarballTooLarge, RegistryTarballRefused,
  RegistryUsageInvalid, RegistryStatementInvalid,
} from './errors.js'
export { Catalog } from './search/catalog.js'
export type { SearchQuery } from './search/search-query.js'
export type { PackageDetail } from './search/package-detail.js'
export type { SearchPage } from './search/search-packages.js'
export type { UsageSource, UsageSummary, RecordedUsage } from './search/usage-source.js'
export { tokenScopes, type TokenScope } from './tokens/token-scope.js'
export type { TokenIdentity } from './tokens/token-store.js'
export { defaultRegistryLimits, type RegistryLimits } from './abuse/registry-limits.js'
export type { PublishRateLimit } from './abuse/publish-rate-limit.js'
export type { ReadAccess } from './http/read-access.js'
export { defaultRevenueShare, lineAmounts, formatCents, type RevenueShare } from './usage/revenue-share.js'
export type { Statement, StatementLine } from './usage/statement.js'
export type { UsageImport } from './usage/usage-store.js'
export { addRegistryCommand } from './cli/registry-command.js'

import { addPluginInstallCommands } from './cli/plugin-install-commands.js'
import { addRegistryCommand } from './cli/registry-command.js'
/** The CLI commands this package contributes to `aether`: `aether registry …` and `aether plugin add | install | remove | outdated`. */
export const commands = [addRegistryCommand, addPluginInstallCommands]
