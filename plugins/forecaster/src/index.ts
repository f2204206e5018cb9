export { plugin } from './plugin.js'
export { HeuristicForecaster, heuristicModel, probability } from './heuristic-forecaster.js'
export { riskFeatures, type RiskFeatures } from './risk-features.js'
export { HeuristicForecasterConfig } from './config.js'
