import { describeErrorCodes } from '@aether/plugin-api/testing'
import * as errors from './errors.js'

describeErrorCodes('@aether/registry', errors, 'REGISTRY')
