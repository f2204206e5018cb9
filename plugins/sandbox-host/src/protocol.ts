// Messages between the host and a sandbox process (child_process IPC, V8 serialization). Only
// strings and numbers cross: records as one JSON string in, the adapter's output as one out.

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
  /** The input records, as JSON. */
  input: string
  timeoutMs: number
  memoryMb: number
  maxOutputBytes: number
  maxLogLines: number
  maxLogLineChars: number
}

/** What a call produced inside the sandbox, before the host checks it. */
export type ChildOutcome =
  | { isOk: true; output: string; logs: string[]; droppedLogs: number }
  | { isOk: false; code: FailureCode; reason: string; logs: string[]; droppedLogs: number }

/** Child to host. */
export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'result'; callId: number; outcome: ChildOutcome }
