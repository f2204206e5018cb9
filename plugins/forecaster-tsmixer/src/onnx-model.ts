import type { InferenceSession } from 'onnxruntime-node'

// Loaded on first use: every `aether` command imports this package for its `backtest` command,
// and most never run a model.
// A CommonJS package: Node puts it on `default`, some loaders (tsx) give its exports directly.
const runtime = () => import('onnxruntime-node').then((module) => (module.default as typeof module.default | undefined) ?? (module as unknown as typeof module.default))

/** One loaded ONNX model: float32 windows in, one probability per window out. */
export class OnnxModel {
  private constructor(
    private readonly session: InferenceSession,
    private readonly input: string,
    private readonly output: string,
  ) {}

  static async load(path: string, input: string, output: string): Promise<OnnxModel> {
    // One thread: the pipeline runs other stages beside it, and batches are small.
    const ort = await runtime()
    const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 })
    return new OnnxModel(session, input, output)
  }

  /** Probabilities for `count` windows of `shape` packed row-major in `windows`. */
  async run(windows: Float32Array, count: number, shape: readonly number[]): Promise<Float32Array> {
    const ort = await runtime()
    const tensor = new ort.Tensor('float32', windows, [count, ...shape])
    const outputs = await this.session.run({ [this.input]: tensor })
    const result = outputs[this.output]
    if (result === undefined) throw new Error(`the model has no output "${this.output}"`)
    return result.data as Float32Array
  }

  async close(): Promise<void> {
    await this.session.release()
  }
}
