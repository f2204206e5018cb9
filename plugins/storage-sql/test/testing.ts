export { describeRecordStore, type StoreFixture } from './record-store-suite.js'
export { describeTenantIsolation } from './tenant-isolation-suite.js'
