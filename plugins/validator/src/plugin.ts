import { createContractRegistry, validatorPoint, type AetherPlugin } from '@aether/plugin-api'
import { ValidatorConfig } from './config.js'
import { ContractValidator } from './contract-validator.js'

/** Provides the `contract` validator. */
export const plugin: AetherPlugin<ValidatorConfig> = {
  manifest: {
    name: '@aether/plugin-validator',
    version: '0.1.0',
    description: 'Contract-first validator with explicit valid/invalid routing',
    engine: '^0.1.0',
    provides: [validatorPoint.id],
    requires: {},
    configSchema: ValidatorConfig,
  },
  register(context) {
    context.provide(validatorPoint, new ContractValidator(createContractRegistry(), new Set(context.config.accept)))
  },
}
