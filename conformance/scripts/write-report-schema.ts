// Writes schema/conformance-report.schema.json and schema/recorded-fetch.schema.json from their
// TypeBox schemas (the one source of truth). Run after changing src/report/conformance-report.ts
// or src/recorded/recorded-fetch.ts: node --import tsx conformance/scripts/write-report-schema.ts
import { writeFileSync } from 'node:fs'
import { recordedFetchSchemaText } from '../src/recorded/recorded-fetch-schema-text.js'
import { reportSchemaText } from '../src/report/report-schema-text.js'

writeFileSync(new URL('../schema/conformance-report.schema.json', import.meta.url), reportSchemaText())
writeFileSync(new URL('../schema/recorded-fetch.schema.json', import.meta.url), recordedFetchSchemaText())
