import { IsolateCalls } from './isolate-call.js'
import type { ChildMessage, HostMessage } from './protocol.js'

// The entry of a sandbox process, started by SandboxChild with --no-node-snapshot (which
// isolated-vm needs on Node 20). It runs one call at a time, as the host sends them, and ends
// when the host's IPC channel closes, so it never outlives its host.

const send = (message: ChildMessage) => process.send?.(message)
const calls = new IsolateCalls(send)

process.on('message', (request: HostMessage) => {
  if (request.kind === 'capabilityResult') return calls.deliver(request)
  void calls.call(request).then((outcome) => send({ kind: 'result', callId: request.callId, outcome }))
})
process.on('disconnect', () => process.exit(0))
send({ kind: 'ready' })
