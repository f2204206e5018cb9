import type { ConformanceReport } from '@aether/conformance'
import semver from 'semver'
import { RegistryPackageUnknown } from '../errors.js'
import type { StoredPackage } from '../npm/package-store.js'
import type { Certificate } from '../signing/certification.js'
import type { Submission, SubmissionState } from '../submissions/submission-store.js'
import type { IndexedFacts } from './adapter-index.js'
import { readmeOf } from './listed-package.js'
import { publisherOf } from './publisher.js'
import type { UsageSummary } from './usage-source.js'

/** One version in the detail's version list. */
export interface VersionSummary {
  version: string
  publishedAt: string
  deprecated: string | null
  tags: string[]
  kind: string | null
  engine: string | null
  state: SubmissionState | null
  submission: number | null
}

/** The certification of the version shown: its state and, once judged, the report. */
export interface ConformanceSummary {
  state: SubmissionState
  submission: number
  problem: string | null
  decidedAt: string | null
  /** The report's path on this registry (JSON), when there is one. */
  reportPath: string | null
  report: ConformanceReport | null
}

/** What the adapter asks for and what its certificate covers. */
export interface Permissions {
  requested: string[]
  /** The certificate's capabilities; null when the version is not certified. */
  certified: string[] | null
  kernelRange: string | null
  keyId: string | null
  signedAt: string | null
}

/** Everything the detail page and `GET /-/aether/packages/:name` show of a package. */
export interface PackageDetail {
  name: string
  publisher: string | null
  description: string
  keywords: string[]
  license: string | null
  distTags: Record<string, string>
  /** The version shown (the one asked for, else `latest`). */
  version: string
  readme: string
  kind: string | null
  /** Newest first. */
  versions: VersionSummary[]
  conformance: ConformanceSummary | null
  permissions: Permissions
  usage: UsageSummary
}

/** What building a detail reads. */
export interface DetailSources {
  stored: StoredPackage
  submissions: Map<string, Submission>
  facts: Map<string, IndexedFacts>
  report: (submission: number) => Promise<string | undefined>
  usage: UsageSummary
}

/** The detail of `version` (default: `latest`); throws AETHER_E_REGISTRY_PACKAGE_UNKNOWN for an unknown version. */
export async function packageDetail(sources: DetailSources, version?: string): Promise<PackageDetail> {
  const { stored, submissions, facts } = sources
  const shown = version ?? stored.distTags.latest ?? stored.versions.at(-1)?.version
  const chosen = stored.versions.find((candidate) => candidate.version === shown)
  if (chosen === undefined) throw new RegistryPackageUnknown([`Version ${stored.name}@${shown ?? '(none)'}`])
  const manifest = chosen.manifest
  const submission = submissions.get(chosen.version)
  const chosenFacts = facts.get(chosen.version)
  const certificate = submission?.certificate == null ? undefined : JSON.parse(submission.certificate) as Certificate
  const isCertified = submission?.state === 'certified' || submission?.state === 'deprecated'
  return {
    name: stored.name,
    publisher: publisherOf(stored.name),
    description: typeof manifest.description === 'string' ? manifest.description : '',
    keywords: Array.isArray(manifest.keywords) ? manifest.keywords.filter((k): k is string => typeof k === 'string') : [],
    license: typeof manifest.license === 'string' ? manifest.license : null,
    distTags: stored.distTags,
    version: chosen.version,
    readme: readmeOf(manifest),
    kind: chosenFacts?.kind ?? null,
    versions: stored.versions.map((each) => versionSummary(each.version, each.publishedAt, each.deprecated, stored.distTags, facts, submissions))
      .sort((a, b) => semver.rcompare(a.version, b.version)),
    conformance: submission === undefined ? null : await conformanceOf(submission, sources.report),
    permissions: {
      requested: chosenFacts?.capabilities ?? [],
      certified: isCertified && certificate !== undefined ? certificate.capabilities : null,
      kernelRange: certificate?.kernelRange ?? chosenFacts?.engine ?? null,
      keyId: certificate?.keyId ?? null,
      signedAt: certificate?.signedAt ?? null,
    },
    usage: sources.usage,
  }
}

function versionSummary(version: string, publishedAt: string, deprecated: string | null, distTags: Record<string, string>,
  facts: Map<string, IndexedFacts>, submissions: Map<string, Submission>): VersionSummary {
  const submission = submissions.get(version)
  return {
    version, publishedAt, deprecated,
    tags: Object.entries(distTags).filter(([, tagged]) => tagged === version).map(([tag]) => tag).sort(),
    kind: facts.get(version)?.kind ?? null,
    engine: facts.get(version)?.engine ?? null,
    state: submission?.state ?? null,
    submission: submission?.id ?? null,
  }
}

async function conformanceOf(submission: Submission, report: DetailSources['report']): Promise<ConformanceSummary> {
  const text = submission.reportSha512 === null ? undefined : await report(submission.id)
  return {
    state: submission.state,
    submission: submission.id,
    problem: submission.problem,
    decidedAt: submission.decidedAt,
    reportPath: text === undefined ? null : `/-/aether/submissions/${submission.id}/report`,
    report: text === undefined ? null : JSON.parse(text) as ConformanceReport,
  }
}
