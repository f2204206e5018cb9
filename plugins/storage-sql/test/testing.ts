export { describeRecordStore, type StoreFixture } from './record-store-suite.js'
export { describeTenantIsolation } from './tenant-isolation-suite.js'
export { describeEventStore } from './event-store-suite.js'
export { describeAuditLedger } from './audit-ledger-suite.js'
