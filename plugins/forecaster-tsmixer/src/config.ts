import { Type, type Static } from '@sinclair/typebox'
import { LifecycleConfig } from './lifecycle/lifecycle-config.js'

/** Configuration of the TSMixer forecaster. */
export const TsmixerForecasterConfig = Type.Object({
  /** The ONNX model; its card is `<name>.card.json` beside it. Default: the model this package ships. */
  model: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * A batch whose inference takes this long or longer is answered by the heuristic instead. Wall
   * time from the call to the answer: onnxruntime-node starts a run on the event loop, so time the
   * loop spends blocked by other stages (a source parsing its files) counts too; hence the margin.
   */
  timeoutMs: Type.Number({ minimum: 0, default: 30_000 }),
  /** Windows with fewer ticks than this are answered by the heuristic (the rest would be padding). */
  minTicks: Type.Integer({ minimum: 1, default: 16 }),
  /** Passed to the heuristic fallback. */
  signalHalfLifeHours: Type.Number({ exclusiveMinimum: 0, default: 6 }),
  /**
   * Model versions side by side (promoted, challenger on a canary share, shadow) with automatic
   * rollback; `model` above is then unused. Without it, the one model answers alone.
   */
  lifecycle: Type.Optional(LifecycleConfig),
}, { additionalProperties: false })
export type TsmixerForecasterConfig = Static<typeof TsmixerForecasterConfig>
