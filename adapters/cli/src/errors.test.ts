import { describeErrorCodes } from '@aether/plugin-api/testing'
import * as errors from './errors.js'

describeErrorCodes('@aether/adapter-cli', errors, 'ADAPTER')
