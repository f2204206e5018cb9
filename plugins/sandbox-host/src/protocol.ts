// Messages between the host and a sandbox process (frames on a pipe: frame-channel.ts). Only
// strings and numbers cross: records as one JSON string in, the adapter's output as one out;
// those two travel as a frame's body, everything else in its JSON header.

/** The codes a failed call can carry; errors.ts defines each. */
export type FailureCode =
  | 'AETHER_E_SANDBOX_TIMEOUT' | 'AETHER_E_SANDBOX_MEMORY_LIMIT' | 'AETHER_E_SANDBOX_OUTPUT_TOO_LARGE'
  | 'AETHER_E_SANDBOX_CAPABILITY_DENIED' | 'AETHER_E_SANDBOX_CONTRACT_VIOLATION' | 'AETHER_E_SANDBOX_ADAPTER_THREW'

/** Host to child: one adapter call. */
export interface CallRequest {
  kind: 'call'
  callId: number
  /** Identifies the adapter's bundle (its sha512); the child compiles each bundle once. */
  bundleKey: string
  /** Sent only the first time this child sees `bundleKey`. */
  source?: string
  adapterName: string
  tenant: string
  /** The input records (for `poll`, the cursor), as JSON. */
  input: string
  /** The adapter function called: `process(records, ctx)`, or a source's `poll(cursor, ctx)`. */
  method: 'process' | 'poll'
  timeoutMs: number
  memoryMb: number
  maxOutputBytes: number
  maxLogLines: number
  maxLogLineChars: number
  /** The capabilities the isolate's ctx gets (granted ones only); none when absent. */
  capabilities?: { fetch: boolean; kv: boolean }
  /** Set only by the conformance harness: the clock and Math.random of the call (clock-freeze.ts). */
  frozenClock?: FrozenClock
}

/** A call's clock stopped at `nowMs` (Date, Date.now, performance.now) and Math.random seeded with `seed`. */
export interface FrozenClock {
  nowMs: number
  seed: number
}

/** Host to child: the answer to a capability request; `value` is JSON text, or the error message. */
export interface CapabilityResult {
  kind: 'capabilityResult'
  callId: number
  requestId: number
  isOk: boolean
  value: string
}

/** Everything the host sends a child. */
export type HostMessage = CallRequest | CapabilityResult

/** What a call produced inside the sandbox, before the host checks it. */
export type ChildOutcome = (
  | { isOk: true; output: string; logs: string[]; droppedLogs: number }
  | { isOk: false; code: FailureCode; reason: string; logs: string[]; droppedLogs: number }
) & {
  /** CPU time the isolate spent on the call (isolate.cpuTime); absent when the process was killed or the isolate disposed. */
  cpuMs?: number
}

/** Child to host. */
export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'result'; callId: number; outcome: ChildOutcome }
  /** A `ctx.fetch` / `ctx.kv` call of the running call's isolate, for the host to perform. */
  | { kind: 'capability'; callId: number; requestId: number; capability: string; argument: string }

/** A message as a frame's header and body: a call's input and a result's output are the body. */
export function toFrame(message: HostMessage | ChildMessage): [header: HostMessage | ChildMessage, body: string] {
  if (message.kind === 'call') return [{ ...message, input: '' }, message.input]
  if (message.kind === 'result' && message.outcome.isOk) return [{ ...message, outcome: { ...message.outcome, output: '' } }, message.outcome.output]
  return [message, '']
}

/** The message a frame carries: toFrame undone. */
export function fromFrame<Message extends HostMessage | ChildMessage>(header: Message, body: string): Message {
  if (header.kind === 'call') return { ...header, input: body }
  if (header.kind === 'result' && header.outcome.isOk) return { ...header, outcome: { ...header.outcome, output: body } }
  return header
}
