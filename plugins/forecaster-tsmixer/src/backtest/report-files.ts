import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BacktestReport, ModelScores } from './run-backtest.js'
import type { WithInterval } from './scores.js'

const colours = ['#1f77b4', '#d62728', '#7f7f7f', '#2ca02c']

/** Writes report.json, report.md, calibration.svg and scores.svg into `dir`. */
export async function writeReport(report: BacktestReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const files = { 'report.json': JSON.stringify(report, null, 2) + '\n', 'report.md': markdown(report), 'calibration.svg': calibrationSvg(report), 'scores.svg': scoresSvg(report) }
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return Object.keys(files).map((name) => join(dir, name))
}

function interval(score: WithInterval, digits = 3): string {
  return `${score.value.toFixed(digits)} [${score.low.toFixed(digits)}, ${score.high.toFixed(digits)}]`
}

/** The lines `aether backtest` prints, and the table of the Markdown report. */
export function summaryTable(report: BacktestReport): string {
  const rows = Object.entries(report.results).map(([name, s]: [string, ModelScores]) =>
    `| ${name} | ${interval(s.aucPr)} | ${interval(s.brier)} | ${interval(s.onsetAucPr)} | ${s.calibration.expectedError.toFixed(3)} | ${s.leadTime.warned}/${s.leadTime.losses}, ${s.leadTime.medianMinutes ?? '–'} min | ${interval(s.decisionCost)} |`)
  return ['| forecaster | AUC-PR | Brier | onset AUC-PR | calibration error | losses warned, median lead | decision cost / window |',
    '|---|---|---|---|---|---|---|', ...rows].join('\n')
}

function verdict(report: BacktestReport): string {
  const names = Object.keys(report.results)
  const best = (key: 'aucPr' | 'onsetAucPr' | 'brier' | 'decisionCost', lowerIsBetter: boolean) => {
    const sorted = [...names].sort((a, b) => ((report.results[a] as ModelScores)[key].value - (report.results[b] as ModelScores)[key].value) * (lowerIsBetter ? 1 : -1))
    const [first, second] = sorted
    if (first === undefined) return 'nothing to compare'
    if (second === undefined) return first
    const a = (report.results[first] as ModelScores)[key]
    const b = (report.results[second] as ModelScores)[key]
    const separated = lowerIsBetter ? a.high < b.low : a.low > b.high
    return `${first}${separated ? ` (its 95 % interval clear of ${second}'s)` : ` (interval overlaps ${second}'s: not a clear win)`}`
  }
  return [`- Best AUC-PR: ${best('aucPr', false)}.`, `- Best onset AUC-PR: ${best('onsetAucPr', false)}.`,
    `- Best Brier: ${best('brier', true)}.`, `- Lowest decision cost: ${best('decisionCost', true)}.`].join('\n')
}

function markdown(report: BacktestReport): string {
  return `# Backtest

Data: \`${report.data}\` — folders present: ${report.folders.present.join(', ') || 'none'}; used: ${report.folders.used.join(', ')}.
${report.traces} traces. Method: ${report.method}. Fit windows ${report.windows.fit}; scored ${report.windows.test}
(${report.windows.positives} positive; onset subset, pool with capacity at the forecast time: ${report.windows.onset}).
Model: ${report.model ?? 'none found: TSMixer not scored'}${report.model === null ? '' : `; the drift check left ${report.fallbackWindows} scored windows to the heuristic`}.
Intervals: 95 % bootstrap over windows, ${report.resamples} resamples, seeded. Decision cost: a warning
(p ≥ ${report.costs.threshold}) without a loss costs ${report.costs.falseAlarm}, a loss without a warning ${report.costs.miss}.

${summaryTable(report)}

${verdict(report)}

![calibration](calibration.svg) ![scores](scores.svg)
`
}

function calibrationSvg(report: BacktestReport): string {
  const size = 320
  const pad = 40
  const scale = (v: number) => pad + v * (size - 2 * pad)
  const lines = Object.entries(report.results).map(([name, s], i) => {
    const points = s.calibration.bins.filter((b) => b.windows > 0).map((b) => `${scale(b.meanProbability).toFixed(1)},${(size - scale(b.observedRate)).toFixed(1)}`)
    return `<polyline fill="none" stroke="${colours[i % colours.length]}" stroke-width="2" points="${points.join(' ')}"/>` +
      `<text x="${pad + 4}" y="${pad + 14 + i * 14}" font-size="11" fill="${colours[i % colours.length]}">${escape(name)}</text>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" font-family="sans-serif">
<rect width="${size}" height="${size}" fill="white"/>
<line x1="${scale(0)}" y1="${size - scale(0)}" x2="${scale(1)}" y2="${size - scale(1)}" stroke="#ccc" stroke-dasharray="4"/>
<rect x="${pad}" y="${pad}" width="${size - 2 * pad}" height="${size - 2 * pad}" fill="none" stroke="#333"/>
<text x="${size / 2}" y="${size - 10}" font-size="11" text-anchor="middle">mean predicted probability (10 bins)</text>
<text x="12" y="${size / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${size / 2})">observed rate</text>
${lines.join('\n')}
</svg>
`
}

function scoresSvg(report: BacktestReport): string {
  const entries = Object.entries(report.results)
  const width = 420
  const rowHeight = 22
  const metrics: Array<['aucPr' | 'onsetAucPr', string]> = [['aucPr', 'AUC-PR'], ['onsetAucPr', 'onset AUC-PR']]
  const height = 40 + metrics.length * (entries.length * rowHeight + 30)
  const x = (v: number) => 150 + v * (width - 170)
  let y = 30
  const parts: string[] = []
  for (const [key, label] of metrics) {
    parts.push(`<text x="10" y="${y}" font-size="12" font-weight="bold">${label} (95 % interval)</text>`)
    y += 8
    entries.forEach(([name, s], i) => {
      const score = s[key]
      y += rowHeight
      parts.push(`<text x="10" y="${y - 6}" font-size="10">${escape(name)}</text>`,
        `<rect x="${x(0)}" y="${y - 16}" width="${(x(score.value) - x(0)).toFixed(1)}" height="12" fill="${colours[i % colours.length]}"/>`,
        `<line x1="${x(score.low).toFixed(1)}" x2="${x(score.high).toFixed(1)}" y1="${y - 10}" y2="${y - 10}" stroke="black" stroke-width="2"/>`,
        `<text x="${(x(score.high) + 4).toFixed(1)}" y="${y - 6}" font-size="10">${score.value.toFixed(3)}</text>`)
    })
    y += 22
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="${width}" height="${height}" fill="white"/>
${parts.join('\n')}
</svg>
`
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
}
