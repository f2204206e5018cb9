export { plugin } from './plugin.js'
export { LexiconEnricher, lexiconModel } from './lexicon-enricher.js'
export { lexicon, countMatches } from './lexicon.js'
