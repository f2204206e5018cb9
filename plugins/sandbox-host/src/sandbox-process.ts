import { IsolateCalls } from './isolate-call.js'
import type { CallRequest, ChildMessage } from './protocol.js'

// The entry of a sandbox process, started by SandboxChild with --no-node-snapshot (which
// isolated-vm needs on Node 20). It runs one call at a time, as the host sends them, and ends
// when the host's IPC channel closes, so it never outlives its host.

const calls = new IsolateCalls()
const send = (message: ChildMessage) => process.send?.(message)

process.on('message', (request: CallRequest) => {
  void calls.call(request).then((outcome) => send({ kind: 'result', callId: request.callId, outcome }))
})
process.on('disconnect', () => process.exit(0))
send({ kind: 'ready' })
