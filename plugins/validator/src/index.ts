export { plugin } from './plugin.js'
export { ContractValidator } from './contract-validator.js'
export { ValidatorConfig } from './config.js'
