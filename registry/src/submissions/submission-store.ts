import type { SqlExecutor } from '@aether/storage-sql'
import { RegistryPackageUnknown } from '../errors.js'

/** Where a submission is in the certification workflow. */
export type SubmissionState = 'submitted' | 'testing' | 'certified' | 'rejected' | 'deprecated' | 'yanked'

/** A submission as the API shows it. */
export interface Submission {
  id: number
  package: string
  version: string
  state: SubmissionState
  attempts: number
  reportSha512: string | null
  certificate: string | null
  signature: string | null
  keyId: string | null
  problem: string | null
  submittedAt: string
  decidedAt: string | null
}

/** A submission a worker holds: judge it before `leaseUntil`, or another worker will. */
export interface ClaimedSubmission {
  id: number
  package: string
  version: string
  attempts: number
}

/** The outcome a worker records. */
export type Decision =
  | { state: 'certified'; report: string; reportSha512: string; certificate: string; signature: string; keyId: string }
  | { state: 'rejected'; report: string | null; reportSha512: string | null; problem: string }

interface Row {
  id: string | number; package: string; version: string; state: SubmissionState; attempts: number
  report_sha512: string | null; certificate: string | null; signature: string | null; key_id: string | null; problem: string | null
  submitted_at: Date | string; decided_at: Date | string | null
}

const columns = 'id, package, version, state, attempts, report_sha512, certificate, signature, key_id, problem, submitted_at, decided_at'

/** Submissions and their leases in the registry's tables. */
export class SubmissionStore {
  constructor(private readonly executor: SqlExecutor) {}

  /**
   * Claims the oldest submission waiting, or one whose worker's lease ran out (it died mid-run),
   * for `leaseMs`. `FOR UPDATE SKIP LOCKED` lets workers on PostgreSQL claim side by side; PGlite
   * has one connection, so there the statement simply runs alone.
   */
  async claim(owner: string, leaseMs: number): Promise<ClaimedSubmission | undefined> {
    const { rows } = await this.executor.query<{ id: string | number; package: string; version: string; attempts: number }>(`
      UPDATE registry_submissions SET state = 'testing', lease_owner = $1,
        lease_until = now() + make_interval(secs => $2::double precision / 1000), attempts = attempts + 1
      WHERE id = (
        SELECT id FROM registry_submissions
        WHERE state = 'submitted' OR (state = 'testing' AND lease_until < now())
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, package, version, attempts`, [owner, leaseMs])
    const row = rows[0]
    return row === undefined ? undefined : { id: Number(row.id), package: row.package, version: row.version, attempts: row.attempts }
  }

  /** Extends a lease still held; false when it was lost (expired and claimed by another worker). */
  async renew(id: number, owner: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.executor.query(`UPDATE registry_submissions
      SET lease_until = now() + make_interval(secs => $3::double precision / 1000)
      WHERE id = $1 AND lease_owner = $2 AND state = 'testing'`, [id, owner, leaseMs])
    return rowCount > 0
  }

  /**
   * Records a decision, only while `owner` still holds the submission: a worker whose lease was
   * taken over records nothing, so a version is never decided (or certified) twice.
   */
  async decide(id: number, owner: string, decision: Decision): Promise<boolean> {
    const isCertified = decision.state === 'certified'
    const { rowCount } = await this.executor.query(`UPDATE registry_submissions
      SET state = $3, report = $4, report_sha512 = $5, certificate = $6, signature = $7, key_id = $8, problem = $9,
        decided_at = now(), lease_owner = NULL, lease_until = NULL
      WHERE id = $1 AND lease_owner = $2 AND state = 'testing'`, [
      id, owner, decision.state, decision.report, decision.reportSha512,
      isCertified ? decision.certificate : null, isCertified ? decision.signature : null, isCertified ? decision.keyId : null,
      isCertified ? null : decision.problem,
    ])
    return rowCount > 0
  }

  /**
   * Follows npm deprecate: a certified version becomes deprecated (its certificate stays, for
   * installs pinned to it), and back to certified when the deprecation is lifted.
   */
  async markDeprecated(packageName: string, version: string, isDeprecated: boolean): Promise<void> {
    const [from, to] = isDeprecated ? ['certified', 'deprecated'] : ['deprecated', 'certified']
    await this.executor.query('UPDATE registry_submissions SET state = $4 WHERE package = $1 AND version = $2 AND state = $3', [packageName, version, from, to])
  }

  /**
   * Yanks a version (the operator withdraws it, whatever its state): it is no longer certified
   * and a worker that still holds it records nothing.
   */
  async yank(packageName: string, version: string): Promise<void> {
    const { rowCount } = await this.executor.query(`UPDATE registry_submissions SET state = 'yanked', lease_owner = NULL, lease_until = NULL
      WHERE package = $1 AND version = $2`, [packageName, version])
    if (rowCount === 0) throw new RegistryPackageUnknown([`A submission of ${packageName}@${version}`])
  }

  /** The submission of a version, if it is an adapter. */
  async ofVersion(packageName: string, version: string): Promise<Submission | undefined> {
    const { rows } = await this.executor.query<Row>(`SELECT ${columns} FROM registry_submissions WHERE package = $1 AND version = $2`, [packageName, version])
    return rows[0] === undefined ? undefined : toSubmission(rows[0])
  }

  /** Every submission of a package, by version. */
  async ofPackage(packageName: string): Promise<Map<string, Submission>> {
    const { rows } = await this.executor.query<Row>(`SELECT ${columns} FROM registry_submissions WHERE package = $1`, [packageName])
    return new Map(rows.map((row) => [row.version, toSubmission(row)]))
  }

  /** One submission by id. */
  async get(id: number): Promise<Submission> {
    const { rows } = await this.executor.query<Row>(`SELECT ${columns} FROM registry_submissions WHERE id = $1`, [id])
    if (rows[0] === undefined) throw new RegistryPackageUnknown([`Submission ${id}`])
    return toSubmission(rows[0])
  }

  /** The conformance report of a submission (JSON text, as its sha512 was taken), if judged. */
  async report(id: number): Promise<string | undefined> {
    const { rows } = await this.executor.query<{ report: string | null }>('SELECT report FROM registry_submissions WHERE id = $1', [id])
    return rows[0]?.report ?? undefined
  }
}

function toSubmission(row: Row): Submission {
  return {
    id: Number(row.id), package: row.package, version: row.version, state: row.state, attempts: row.attempts,
    reportSha512: row.report_sha512, certificate: row.certificate, signature: row.signature, keyId: row.key_id, problem: row.problem,
    submittedAt: new Date(row.submitted_at).toISOString(), decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
  }
}
