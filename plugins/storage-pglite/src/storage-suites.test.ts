import {
  describeActionLedger, describeAuditLedger, describeEventStore, describeMoveAdmission, describeRecordStore, describeRefusals, describeRetention, describeTenantIsolation,
} from '@aether/storage-sql/testing'
import { openPgliteStorage } from './open-pglite-storage.js'

async function open() {
  const storage = await openPgliteStorage('memory://')
  return { store: storage.store, executor: storage.executor, close: () => storage.close() }
}

describeRecordStore('PGlite', open)
describeTenantIsolation('PGlite', open)
describeEventStore('PGlite', open)
describeAuditLedger('PGlite', open)
describeRetention('PGlite', open)
describeRefusals('PGlite', open)
describeActionLedger('PGlite', open)
describeMoveAdmission('PGlite', open)
