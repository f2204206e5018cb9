/** A proposed move of one workload, to admit under its tenant and region's migration rate and its own cool-down. */
export interface MoveRequest {
  region: string
  workload: string
  /** The decision the move is for: a key seen before gets the verdict it got then, and is not counted again. */
  decisionKey: string
  /** Event time of the move in ms since the epoch: the clock of every window, so replays get the same verdicts. */
  atMs: number
  /** At most this many admitted moves per tenant and region in any window of `windowMs`. */
  maxMoves: number
  windowMs: number
  /** A workload with an admitted move less than this away from `atMs` is refused. */
  cooldownMs: number
}

/** What a move request got, and the facts it was judged on. */
export interface MoveVerdict {
  outcome: 'admitted' | 'cooldown' | 'migration-rate'
  /**
   * The most moves admitted for the tenant and region in one window that would hold this move,
   * not counting it; with requests in event-time order, those of the `windowMs` up to `atMs`.
   */
  movesInWindow: number
  /** The workload's admitted move nearest to `atMs` (with requests in order, its latest), if it ever moved. */
  lastMoveAtMs?: number
}

/**
 * Admits workload moves under guardrails held in one place for every process that shares it
 * (a database), so that N policy consumers together keep one migration rate and one cool-down.
 */
export interface MoveAdmission {
  /**
   * Judges one tenant's requests in order, each seeing the moves admitted before it (by any
   * process); one verdict per request, same order. Atomic per request and tenant-scoped.
   */
  admitBatch(tenant: string, requests: MoveRequest[]): Promise<MoveVerdict[]>
}
