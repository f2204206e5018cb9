import type { ChannelStats } from './model-card.js'

/** Whether a window looks like the training data, and by how much it is off. */
export interface DriftVerdict {
  inDistribution: boolean
  /** Largest |z| over the channels that varied in training. */
  maxZ: number
  /** Channels with a value beyond their limit. */
  outOf: string[]
}

/**
 * The drift check: every value of every channel must be within the channel's `zLimit` standard
 * deviations of its training mean; a channel constant in training must keep that constant (the
 * model never learned what other values mean). One value beyond is enough to refuse the window.
 */
export function driftCheck(features: ArrayLike<number>, stats: readonly ChannelStats[]): DriftVerdict {
  const channelCount = stats.length
  let maxZ = 0
  const outOf = new Set<string>()
  for (let i = 0; i < features.length; i++) {
    const channel = stats[i % channelCount] as ChannelStats
    const value = features[i] as number
    if (channel.std === 0) {
      if (Math.abs(value - channel.mean) > 1e-9) outOf.add(channel.name)
      continue
    }
    const z = Math.abs(value - channel.mean) / channel.std
    if (z > maxZ) maxZ = z
    if (!(z <= channel.zLimit)) outOf.add(channel.name)
  }
  return { inDistribution: outOf.size === 0, maxZ, outOf: [...outOf] }
}
