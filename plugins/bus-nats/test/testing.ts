// Test helpers other packages reuse; source-only, never part of the published build.
export { startNatsServer, sharedNatsUrl, type NatsTestServer } from './nats-test-server.js'
export { createTestNatsBus, deleteDeployment, deploymentStreams, uniqueDeployment } from './test-bus.js'
