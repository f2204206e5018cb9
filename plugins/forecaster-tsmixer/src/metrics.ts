/**
 * Scores of probabilities against 0/1 labels, the same as training/forecaster/aether_training/metrics.py.
 */

/** AUC-PR as average precision: Σ over distinct thresholds of (recall step) × precision; NaN without positives. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, index) => index)
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
  let positives = 0
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number
  if (positives === 0) return Number.NaN
  let truePositives = 0
  let previousRecall = 0
  let sum = 0
  for (let rank = 0; rank < order.length; rank++) {
    const index = order[rank] as number
    truePositives += labels[index] as number
    const next = order[rank + 1]
    // Tied scores are one threshold: count them together.
    if (next !== undefined && scores[next] === scores[index]) continue
    const recall = truePositives / positives
    sum += (recall - previousRecall) * (truePositives / (rank + 1))
    previousRecall = recall
  }
  return sum
}

/** Mean squared difference between probability and outcome. */
export function brierScore(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < scores.length; i++) sum += ((scores[i] as number) - (labels[i] as number)) ** 2
  return sum / scores.length
}
