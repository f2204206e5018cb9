// Writes schema/conformance-report.schema.json from the TypeBox schema (the one source of truth).
// Run after changing src/report/conformance-report.ts: node --import tsx conformance/scripts/write-report-schema.ts
import { writeFileSync } from 'node:fs'
import { reportSchemaText } from '../src/report/report-schema-text.js'

writeFileSync(new URL('../schema/conformance-report.schema.json', import.meta.url), reportSchemaText())
