import { describeErrorCodes } from '@aether/plugin-api/testing'
import * as errors from './errors.js'

describeErrorCodes('@aether/plugin-sandbox-host', errors, 'SANDBOX')
