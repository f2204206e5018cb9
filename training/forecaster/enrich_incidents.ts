/**
 * Writes `<data>/gcp-incidents/signals.json`: the vendored incidents as the pipeline sees them,
 * read by the sources plugin and enriched by the lexicon enricher (the product's TypeScript), so
 * the Python training uses exactly what serving computes. `npm run train:forecaster` runs it first.
 *
 * Usage: node --import tsx training/forecaster/enrich_incidents.ts [data dir]
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { enrichedGcpIncidents } from '@aether/plugin-forecaster-tsmixer'

const data = process.argv[2] ?? fileURLToPath(new URL('./data', import.meta.url))
const feed = join(data, 'gcp-incidents', 'incidents.json')
if (existsSync(feed)) {
  const text = readFileSync(feed, 'utf8')
  const signals = await enrichedGcpIncidents(text)
  const out = join(data, 'gcp-incidents', 'signals.json')
  const written = { feedSha256: createHash('sha256').update(readFileSync(feed)).digest('hex'), signals }
  writeFileSync(out, JSON.stringify(written, null, 1) + '\n')
  console.log(`enrich_incidents: ${signals.length} signals (${signals[0]?.enrichment.model ?? 'no enrichment'}) -> ${out}`)
} else {
  console.log(`enrich_incidents: no ${feed}; training sees no signals`)
}
