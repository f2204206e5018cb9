import { describePipeline } from '../pipeline-suite.js'

describePipeline('the in-process bus', async () => undefined)
