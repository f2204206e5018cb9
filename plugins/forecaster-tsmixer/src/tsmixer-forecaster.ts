import { access } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Forecast, ForecastInput, Forecaster, ItemResult, Logger, StageContext } from '@aether/plugin-api'
import { HeuristicForecaster } from '@aether/plugin-forecaster'
import type { TsmixerForecasterConfig } from './config.js'
import { driftCheck } from './drift-check.js'
import { ModelFeaturesMismatch } from './errors.js'
import { cardPathOf, loadModelCard, type ModelCard } from './model-card.js'
import { OnnxModel } from './onnx-model.js'
import { channelCount, featuresVersion, inputFeatures, windowTicks } from './window-features.js'

/** Why a forecast came from where it came; stored in every forecast as the feature `gate:<reason>` = 1. */
export type GateReason = 'passed' | 'model-missing' | 'model-failed' | 'too-slow' | 'out-of-distribution' | 'short-window'

/** The model this package ships, trained by `npm run train:forecaster`. */
export const bundledModel = fileURLToPath(new URL('../model/tsmixer-2.onnx', import.meta.url))

type Loaded = { state: 'ready'; card: ModelCard; model: OnnxModel } | { state: 'unavailable'; reason: 'model-missing' | 'model-failed'; detail: string }

/**
 * The learned forecaster: a TSMixer over the pool's last ticks fused with its signals and their
 * enrichments (features `spot-window@2`), run
 * through onnxruntime in one batch per call. The heuristic answers instead when the model is
 * missing or fails, when a batch is too slow, or when a window is short or unlike the training
 * data; each forecast names the model that answered and the gate's reason.
 */
export class TsmixerForecaster implements Forecaster {
  readonly name = 'tsmixer'

  private constructor(
    private readonly loaded: Loaded,
    private readonly heuristic: HeuristicForecaster,
    private readonly config: TsmixerForecasterConfig,
  ) {}

  /** Loads the model; a missing or broken model is logged and leaves the heuristic answering. */
  static async create(config: TsmixerForecasterConfig, logger: Logger): Promise<TsmixerForecaster> {
    const modelPath = config.model ?? bundledModel
    const heuristic = new HeuristicForecaster({ horizonMinutes: 60, signalHalfLifeHours: config.signalHalfLifeHours })
    const loaded = await load(modelPath)
    if (loaded.state === 'ready') logger.info({ model: loaded.card.model, path: modelPath }, 'TSMixer model loaded')
    else logger.warn({ reason: loaded.reason, path: modelPath, detail: loaded.detail }, 'TSMixer model not available; the heuristic answers every forecast')
    return new TsmixerForecaster(loaded, heuristic, config)
  }

  /** The model's card when it loaded. */
  get card(): ModelCard | undefined {
    return this.loaded.state === 'ready' ? this.loaded.card : undefined
  }

  async forecastBatch(inputs: ForecastInput[], context: StageContext): Promise<Array<ItemResult<Forecast>>> {
    const fallback = await this.heuristic.forecastBatch(inputs, context)
    const loaded = this.loaded
    if (loaded.state !== 'ready') return fallback.map((result) => gated(result, loaded.reason))
    const { card, model } = loaded
    const results: Array<ItemResult<Forecast>> = fallback.slice()
    const chosen: Array<{ index: number; features: Float64Array; ticks: number; maxZ: number }> = []
    for (const [index, input] of inputs.entries()) {
      const result = fallback[index]
      if (result?.isOk !== true) continue
      const { features, ticks } = inputFeatures(input)
      if (ticks < this.config.minTicks) {
        results[index] = gated(result, 'short-window', { windowTicks: ticks })
        continue
      }
      const drift = driftCheck(features, card.channels)
      if (!drift.inDistribution) {
        results[index] = gated(result, 'out-of-distribution', { driftMaxZ: round(drift.maxZ), ...Object.fromEntries(drift.outOf.map((name) => [`drift:${name}`, 1])) })
        continue
      }
      chosen.push({ index, features, ticks, maxZ: drift.maxZ })
    }
    if (chosen.length === 0) return results
    const packed = new Float32Array(chosen.length * card.windowTicks * channelCount)
    chosen.forEach((item, row) => packed.set(item.features, row * card.windowTicks * channelCount))
    const outcome = await this.#run(model, packed, chosen.length, [card.windowTicks, channelCount], context.logger)
    for (const [row, item] of chosen.entries()) {
      const heuristicResult = fallback[item.index] as { isOk: true; value: Forecast }
      if (outcome.state !== 'ok') {
        results[item.index] = gated(heuristicResult, outcome.state)
        continue
      }
      results[item.index] = {
        isOk: true,
        value: {
          probability: round(outcome.probabilities[row] as number),
          horizonMinutes: card.horizonMinutes,
          model: card.model,
          features: {
            ...heuristicResult.value.features,
            windowTicks: item.ticks,
            driftMaxZ: round(item.maxZ),
            heuristicProbability: heuristicResult.value.probability,
            'gate:passed': 1,
          },
        },
      }
    }
    return results
  }

  async close(): Promise<void> {
    if (this.loaded.state === 'ready') await this.loaded.model.close()
  }

  async #run(model: OnnxModel, packed: Float32Array, count: number, shape: number[], logger: Logger)
    : Promise<{ state: 'ok'; probabilities: Float32Array } | { state: 'too-slow' | 'model-failed' }> {
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'too-slow'>((resolve) => { timer = setTimeout(() => resolve('too-slow'), this.config.timeoutMs) })
    try {
      const answer = await Promise.race([model.run(packed, count, shape), timeout])
      const elapsedMs = performance.now() - started
      // Also judged after the fact: a budget of 0 ms admits nothing, whichever settles first.
      if (answer === 'too-slow' || elapsedMs >= this.config.timeoutMs) {
        logger.warn({ windows: count, elapsedMs, timeoutMs: this.config.timeoutMs }, 'TSMixer batch too slow; the heuristic answered it')
        return { state: 'too-slow' }
      }
      if (answer.length !== count || answer.some((p) => !(p >= 0 && p <= 1))) throw new Error(`the model returned ${answer.length} values for ${count} windows, or one outside 0..1`)
      return { state: 'ok', probabilities: answer }
    } catch (error) {
      logger.warn({ err: error, windows: count }, 'TSMixer inference failed; the heuristic answered the batch')
      return { state: 'model-failed' }
    } finally {
      clearTimeout(timer)
    }
  }
}

async function load(modelPath: string): Promise<Loaded> {
  try {
    await access(modelPath)
  } catch {
    return { state: 'unavailable', reason: 'model-missing', detail: `no file at ${modelPath}` }
  }
  try {
    const cardPath = cardPathOf(modelPath)
    const card = await loadModelCard(cardPath)
    if (card.featuresVersion !== featuresVersion || card.windowTicks !== windowTicks || card.channels.length !== channelCount) {
      throw new ModelFeaturesMismatch([cardPath, `${card.featuresVersion} (${card.windowTicks} ticks × ${card.channels.length} channels)`, `${featuresVersion} (${windowTicks} × ${channelCount})`])
    }
    const model = await OnnxModel.load(modelPath, card.input, card.output)
    return { state: 'ready', card, model }
  } catch (error) {
    return { state: 'unavailable', reason: 'model-failed', detail: error instanceof Error ? error.message : String(error) }
  }
}

function gated(result: ItemResult<Forecast>, reason: GateReason, extra: Record<string, number> = {}): ItemResult<Forecast> {
  if (!result.isOk) return result
  return { isOk: true, value: { ...result.value, features: { ...result.value.features, ...extra, [`gate:${reason}`]: 1 } } }
}

// Six decimals, as the heuristic: stored forecasts stay stable across platforms' last bits.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}
