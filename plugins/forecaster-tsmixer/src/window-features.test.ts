import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { forecastInputOf, evenTicks, type TickSpec } from '../test/test-inputs.js'
import { channels, featuresVersion, inputFeatures, windowTicks } from './window-features.js'

interface FixtureCase {
  trace: string
  ticks: TickSpec[]
  signals: Array<{ timestamp: string; severity: 'info' | 'low' | 'medium' | 'high' }>
  features: number[][]
}
// Written by `npm run train:forecaster` from the Python feature code (training/forecaster).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/python-features.json', import.meta.url), 'utf8')) as
  { featuresVersion: string; channels: string[]; cases: FixtureCase[] }

describe('features spot-window@1', () => {
  it('are the version and channels the training used', () => {
    expect(fixture.featuresVersion).toBe(featuresVersion)
    expect(fixture.channels).toEqual([...channels])
  })

  it.each(fixture.cases.map((c, i) => [i, c.trace, c] as const))('equal the Python features, case %i (%s)', (_i, _trace, fixtureCase) => {
    const { features } = inputFeatures(forecastInputOf(fixtureCase.ticks, fixtureCase.signals))
    const expected = fixtureCase.features.flat()
    expect(features.length).toBe(expected.length)
    for (let i = 0; i < expected.length; i++) expect(features[i]).toBeCloseTo(expected[i] as number, 9)
  })

  it('cover padded windows and windows with incidents, so both paths are compared', () => {
    expect(fixture.cases.some((c) => c.ticks.length < windowTicks)).toBe(true)
    expect(fixture.cases.some((c) => c.signals.length > 0)).toBe(true)
    expect(fixture.cases.some((c) => c.ticks.some((t) => t.price !== null))).toBe(true)
  })

  it('left-pad a short window with copies of its oldest tick', () => {
    const { features, ticks } = inputFeatures(forecastInputOf(evenTicks([0, 1, 1])))
    expect(ticks).toBe(3)
    const availability = Array.from({ length: windowTicks }, (_, t) => features[t * channels.length])
    expect(availability.slice(0, windowTicks - 2).every((v) => v === 0)).toBe(true)
    expect(availability.slice(-2)).toEqual([1, 1])
  })

  it('read the tick gap from the timestamps, so a model sees the trace\'s time scale', () => {
    const { features } = inputFeatures(forecastInputOf(evenTicks(Array(40).fill(1), 600)))
    expect(features[1]).toBeCloseTo(Math.log1p(10), 12)
  })
})
