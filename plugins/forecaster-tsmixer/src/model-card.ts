import { readFile } from 'node:fs/promises'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { ModelCardInvalid } from './errors.js'

const Scores = Type.Object({ windows: Type.Integer(), positives: Type.Integer(), aucPr: Type.Number(), brier: Type.Number() })
const ScoresWithOnset = Type.Composite([Scores, Type.Object({ onset: Scores })])

/** Training statistics of one input channel; the drift check reads them. */
export const ChannelStats = Type.Object({
  name: Type.String(),
  mean: Type.Number(),
  /** 0 when the channel was constant in training: any other value is out of distribution. */
  std: Type.Number({ minimum: 0 }),
  /** Largest |z| allowed: the largest seen in training, plus one. */
  zLimit: Type.Number({ minimum: 0 }),
})
export type ChannelStats = Static<typeof ChannelStats>

/** The facts the training run writes next to the model (`<model>.card.json`); only these fields are read. */
export const ModelCard = Type.Object({
  model: Type.String({ minLength: 1, maxLength: 100 }),
  file: Type.String(),
  input: Type.String(),
  output: Type.String(),
  horizonMinutes: Type.Integer({ minimum: 1 }),
  featuresVersion: Type.String(),
  windowTicks: Type.Integer({ minimum: 1 }),
  channels: Type.Array(ChannelStats, { minItems: 1 }),
  test: Type.Object({ tsmixer: ScoresWithOnset, heuristic: ScoresWithOnset, persistence: ScoresWithOnset }),
})
export type ModelCard = Static<typeof ModelCard>

/** Reads and checks a model card; a bad one is a coded error naming the file and the problem. */
export async function loadModelCard(path: string): Promise<ModelCard> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new ModelCardInvalid([path, error instanceof Error ? error.message : String(error)], { cause: error })
  }
  const problem = Value.Errors(ModelCard, parsed).First()
  if (problem !== undefined) throw new ModelCardInvalid([path, `${problem.path || '/'} ${problem.message}`])
  return parsed as ModelCard
}

/** The card next to a model file: `tsmixer-2.onnx` → `tsmixer-2.card.json`. */
export function cardPathOf(modelPath: string): string {
  return modelPath.replace(/\.onnx$/, '') + '.card.json'
}
