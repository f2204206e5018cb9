import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'vitest'
import { drillEnvironment, expectSameRowsAsReference, untilTelemetryStored } from './drill-reference.js'

const rounds = Number(process.env.AETHER_TEST_SOAK_ROUNDS ?? 10)

/**
 * A soak, run by `npm run soak` and not by `npm test`: the NATS server is restarted in the middle
 * of a distributed run, round after round, and every round must end with the reference's rows.
 * On a 2-core machine between one round in ten and one in two (more under load) ends with a batch
 * of 1,000 telemetry records never stored while every consumer shows nothing pending, with a
 * graceful restart (SIGTERM) as with kill -9 (docs/operations.md). The cause is not found yet;
 * until it is, this soak fails, and the drill stays out of `npm test` so that one open defect
 * does not hide every other result.
 */
describe('soak: the distributed pipeline through NATS server restarts', () => {
  const drills = drillEnvironment()

  it.each(Array.from({ length: rounds }, (_, round) => round + 1))('round %i: producers pause and resume through a restart (SIGTERM), nothing is lost', async () => {
    const deployment = await drills.deploy({ natsUrl: drills.nats.url })
    deployment.startStages()
    const source = deployment.runSource()
    await untilTelemetryStored(deployment, 5_000)
    await drills.nats.stop()
    await sleep(2_000)
    await drills.nats.start()
    await source
    await deployment.waitUntilComplete(drills.reference.counts)
    await expectSameRowsAsReference(deployment, drills.reference)
  }, 120_000)
})
