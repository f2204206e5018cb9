import { createLogger, loadConfig, recordId, type AetherRecord } from '@aether/core'
import { ReplaySource } from '@aether/plugin-sources'

/** The records a pipeline file's replay source produces, stamped as the source stage would. */
export async function sourceRecords(pipelineFile: string): Promise<AetherRecord[]> {
  const { config, baseDir } = await loadConfig({ file: pipelineFile })
  const sourcesConfig = config.plugins.find((entry) => entry.use === '@aether/plugin-sources')?.config as {
    replays: Array<{ name: string; inputs: ConstructorParameters<typeof ReplaySource>[1] }>
  }
  const replay = sourcesConfig.replays[0]
  if (replay === undefined) throw new Error('the pipeline has no replay')
  const source = new ReplaySource(replay.name, replay.inputs, baseDir)
  const context = { tenant: 'bench', traceId: 'bench', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
  const records: AetherRecord[] = []
  for await (const batch of source.read(context)) {
    for (const draft of batch) records.push({ ...draft, tenant: 'bench', id: recordId(draft) })
  }
  return records
}
