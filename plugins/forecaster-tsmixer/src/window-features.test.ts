import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { forecastInputOf, evenTicks, type SignalSpec, type TickSpec } from '../test/test-inputs.js'
import { channels, featuresVersion, inputFeatures, windowTicks } from './window-features.js'

interface FixtureCase {
  trace: string
  ticks: TickSpec[]
  signals: SignalSpec[]
  features: number[][]
}
// Written by `npm run train:forecaster` from the Python feature code (training/forecaster).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/python-features.json', import.meta.url), 'utf8')) as
  { featuresVersion: string; channels: string[]; cases: FixtureCase[] }

describe('features spot-window@2', () => {
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

  it('cover padded windows and windows with enriched incidents, so every path is compared', () => {
    expect(fixture.cases.some((c) => c.ticks.length < windowTicks)).toBe(true)
    expect(fixture.cases.some((c) => c.signals.length > 0)).toBe(true)
    const last = (c: FixtureCase, channel: string) => c.features.at(-1)?.[channels.indexOf(channel as typeof channels[number])] ?? 0
    for (const channel of ['incidentScore', 'capacityScore', 'negativeNewsScore']) expect(fixture.cases.some((c) => last(c, channel) > 0)).toBe(true)
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

describe('signal channels', () => {
  const ticks = evenTicks(Array(32).fill(1))
  const asOf = ticks.at(-1)?.timestamp as string
  const hoursBefore = (hours: number) => new Date(Date.parse(asOf) - hours * 3_600_000).toISOString()
  const enrichment = { vNews: { sentiment: -0.5, volatilityLikelihood: 0.8 }, bCapacity: 0.7, model: 'keyword-lexicon@1' }
  const lastRow = (features: Float64Array) => Array.from(features.subarray((windowTicks - 1) * channels.length))

  it('read B_capacity and negative sentiment from the enrichment of each signal, decayed by a 6 h half-life', () => {
    const { features } = inputFeatures(forecastInputOf(ticks, [{ timestamp: hoursBefore(6), severity: 'high', enrichment }]))
    expect(lastRow(features).slice(4)).toEqual([0.5, 0.35, 0.25])
  })

  it('give a signal without an enrichment only its severity, and ignore signals older than 24 h', () => {
    const { features } = inputFeatures(forecastInputOf(ticks, [{ timestamp: hoursBefore(0), severity: 'medium' }, { timestamp: hoursBefore(25), severity: 'high', enrichment }]))
    expect(lastRow(features).slice(4)).toEqual([0.6, 0, 0])
  })

  it('ignore positive sentiment: only bad news counts', () => {
    const good = { ...enrichment, vNews: { sentiment: 0.9, volatilityLikelihood: 0.1 } }
    const { features } = inputFeatures(forecastInputOf(ticks, [{ timestamp: hoursBefore(0), severity: 'low', enrichment: good }]))
    expect(lastRow(features).slice(4)).toEqual([0.3, 0.7, 0])
  })
})
