import { describe, expect, it } from 'vitest'
import type { ConsumerBacklog } from '@aether/plugin-api'
import { stageStatus } from './status-command.js'

const consumer = (durable: string, acknowledged: number, pending = 0): ConsumerBacklog =>
  ({ subject: 's', durable, pending, inFlight: 1, redeliveries: 0, deadLettered: 0, acknowledged })

describe('stageStatus', () => {
  it('reports the lag now and the acknowledgements per second between the two samples', () => {
    const status = stageStatus([consumer('a', 10), consumer('b', 5)], [consumer('a', 30, 7), consumer('b', 5)], 2)
    expect(status).toEqual([
      { durable: 'a', subject: 's', pending: 7, inFlight: 1, messagesPerSecond: 10 },
      { durable: 'b', subject: 's', pending: 0, inFlight: 1, messagesPerSecond: 0 },
    ])
  })

  it('counts a consumer that appeared between the samples (or was reset) as no throughput rather than a jump', () => {
    expect(stageStatus([], [consumer('new', 50)], 1)[0]?.messagesPerSecond).toBe(0)
    expect(stageStatus([consumer('reset', 50)], [consumer('reset', 3)], 1)[0]?.messagesPerSecond).toBe(0)
  })
})
