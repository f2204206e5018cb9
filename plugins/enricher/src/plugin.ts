import { enricherPoint, type AetherPlugin } from '@aether/plugin-api'
import { LexiconEnricher } from './lexicon-enricher.js'

/** Provides the `lexicon` enricher. */
export const plugin: AetherPlugin = {
  manifest: {
    name: '@aether/plugin-enricher',
    version: '0.1.0',
    description: 'Keyword-lexicon enricher of incident signals',
    engine: '^0.1.0',
    provides: [enricherPoint.id],
    requires: {},
  },
  register(context) {
    context.provide(enricherPoint, new LexiconEnricher())
  },
}
