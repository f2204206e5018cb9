import type { AdapterKind } from '@aether/plugin-sandbox-host'
import { aKind, loadBatch } from '../golden/kind-inputs.js'
import { tenants } from '../run/harness-host.js'
import { fail, pass, type RuntimeCheck, skip } from './check.js'
import { referenceRate } from './reference-rate.js'

/**
 * Records per second each kind must reach at batch 1,000 in the sandbox. Far below what a plain
 * adapter does (tens of thousands per second here), so a loaded machine passes a fair adapter;
 * an adapter spending a millisecond per record does not.
 */
export const performanceFloors: Readonly<Record<AdapterKind, number>> = {
  enricher: 2_000, validator: 2_000, forecaster: 1_000, policy: 2_000, source: 1_000,
}

/** The load run's throughput against the kind's floor, with the in-process reference rate of this run. */
export const performanceCheck: RuntimeCheck = {
  id: 'performance',
  title: 'Records per second at batch 1,000 reach the kind\'s floor',
  async run({ host, kind }) {
    const { outcome, ms } = await host.load()
    if (outcome.failure !== undefined) return skip([`the load run failed with ${outcome.failure}, so there is no rate to measure (see limits)`])
    const records = outcome.items.length
    const rate = Math.round(records / Math.max(ms / 1000, 0.001))
    const reference = Math.round(referenceRate(loadBatch(kind, tenants.a)))
    const floor = performanceFloors[kind]
    const measurements = { recordsPerSecond: rate, floorRecordsPerSecond: floor, referenceRecordsPerSecond: reference, records, elapsedMs: Math.round(ms) }
    const evidence = [`${records} records; the floor for ${aKind(kind)} is ${floor} records/s; the rate and the in-process reference rate are in measurements`]
    return rate >= floor ? pass(evidence, measurements) : fail([`below the floor of ${floor} records/s for ${aKind(kind)}`, ...evidence], measurements)
  },
}
