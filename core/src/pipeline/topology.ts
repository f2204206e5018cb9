import { type ConsumeOptions, type ConsumerDeclaration, deadLetterSubject, subjects } from '@aether/plugin-api'
import type { AetherConfig } from '../config/aether-config.js'
import { TopologyConsumerUnknown } from '../errors.js'

/**
 * The subjects the sink stores. With an enricher, `signals.enriched` carries every valid record
 * and the enrichments, so the sink reads valid records there rather than reading them twice (a
 * batch the enricher gives up on is still stored, as a dead letter of `signals.valid`).
 */
export function storedSubjects(config: AetherConfig): string[] {
  const valid = config.pipeline.enricher === undefined ? subjects.valid : subjects.enriched
  return [valid, subjects.invalid, subjects.forecasts, subjects.decisions]
}

/** Subjects whose failed messages end in a dead-letter subject the sink stores. */
export const deadLetteredSubjects = [
  subjects.raw, subjects.valid, subjects.invalid, subjects.enriched, subjects.forecasts, subjects.decisions,
].map(deadLetterSubject)

/** The durable name of the sink's consumer of a stored subject. */
export function sinkDurable(subject: string): string {
  return `sink-${subject.replaceAll('.', '-')}`
}

/** The subject the forecaster reads: enriched records when there is an enricher. */
export function forecastInput(config: AetherConfig): string {
  return config.pipeline.enricher === undefined ? subjects.valid : subjects.enriched
}

/**
 * Every durable consumer the configured pipeline has, whichever process runs it. Each process
 * declares them all at start, so a stage's input is kept even before its own process starts.
 */
export function pipelineConsumers(config: AetherConfig): ConsumerDeclaration[] {
  const { pipeline, bus } = config
  const stage = (subject: string, durable: string, isOrdered = false): ConsumerDeclaration => ({
    subject,
    durable,
    // A stage that keeps state across batches must see them one at a time, in order.
    maxInFlight: isOrdered ? 1 : bus.maxInFlight,
    maxDeliver: bus.maxDeliver,
  })
  return [
    stage(subjects.raw, 'validator'),
    ...(pipeline.enricher === undefined ? [] : [stage(subjects.valid, 'enricher')]),
    ...(pipeline.forecaster === undefined ? [] : [stage(forecastInput(config), 'forecaster', true)]),
    ...(pipeline.policy === undefined ? [] : [stage(subjects.forecasts, 'policy')]),
    ...storedSubjects(config).map((subject) => stage(subject, sinkDurable(subject))),
    ...deadLetteredSubjects.map((subject) => ({ ...stage(subject, 'sink', true), maxDeliver: Number.MAX_SAFE_INTEGER })),
  ]
}

/** How a stage consumes `subject`: the options the topology declares for its durable. */
export function stageConsumer(config: AetherConfig, subject: string, durable: string): ConsumeOptions {
  const found = pipelineConsumers(config).find((consumer) => consumer.subject === subject && consumer.durable === durable)
  if (found === undefined) throw new TopologyConsumerUnknown([durable, subject])
  const { subject: _subject, ...options } = found
  return options
}
