import { type FrozenClock, type InstalledAdapter, type OperatorMaxima, readAdapter } from '@aether/plugin-sandbox-host'
import { ConformanceBaselineMismatch } from '../errors.js'
import { aKind } from '../golden/kind-inputs.js'
import type { ConformanceReport } from '../report/conformance-report.js'
import { readRecordings } from '../recorded/read-recordings.js'
import { HarnessHost, type HarnessSetup, tenants } from '../run/harness-host.js'
import { openTarget, type OpenTarget } from '../target/open-target.js'
import { diffOutcomes } from './diff-outcomes.js'
import { recordedTraffic, replayTraffic } from './replay-traffic.js'

/** An earlier version, opened and installed, ready to replay. */
export interface Baseline {
  target: OpenTarget
  adapter: InstalledAdapter
  /** Its own recorded traffic, and the candidate's clock. */
  setup: HarnessSetup
}

/**
 * Opens the earlier version at `path` (a folder or .tgz) and installs it by the same host rules,
 * before any check runs. Throws AETHER_E_CONFORMANCE_BASELINE_MISMATCH when the host refuses it
 * or it is another kind than `candidate`.
 */
export async function openBaseline(path: string, candidate: InstalledAdapter, maxima: OperatorMaxima, frozenClock: FrozenClock | undefined): Promise<Baseline> {
  const target = await openTarget(path)
  try {
    const adapter = await readAdapter(target.folder, maxima).catch((error: unknown) => {
      throw new ConformanceBaselineMismatch([`the sandbox host refuses the baseline at ${path}: ${(error as Error).message}`], { cause: error })
    })
    const { kind } = candidate.manifest
    if (adapter.manifest.kind !== kind) throw new ConformanceBaselineMismatch([`the baseline is ${aKind(adapter.manifest.kind)} and this adapter ${aKind(kind)}`])
    return { target, adapter, setup: { recordings: await readRecordings(target.folder), frozenClock } }
  } catch (error) {
    await target.close()
    throw error
  }
}

/**
 * Replays the recorded traffic through the candidate (in its run's host) and through the
 * baseline (in a host of its own), and lists every change in behaviour.
 */
export async function compareBaseline(candidate: HarnessHost, baseline: Baseline): Promise<NonNullable<ConformanceReport['baseline']>> {
  const { kind } = candidate.adapter.manifest
  const host = new HarnessHost(baseline.adapter, baseline.setup)
  await host.start()
  try {
    const before = await replayTraffic(host.instance(), kind, tenants.a)
    const after = await replayTraffic(candidate.instance(), kind, tenants.a)
    const { manifest } = baseline.adapter
    return {
      name: manifest.name, version: manifest.version, sha512: baseline.target.tarballSha512 ?? manifest.sha512,
      traffic: recordedTraffic, changes: diffOutcomes(before, after),
    }
  } finally {
    await host.stop()
  }
}
