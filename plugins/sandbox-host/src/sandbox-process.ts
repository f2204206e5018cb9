import { Socket } from 'node:net'
import { FrameChannel } from './frame-channel.js'
import { IsolateCalls } from './isolate-call.js'
import { fromFrame, toFrame, type ChildMessage, type HostMessage } from './protocol.js'

// The entry of a sandbox process, started by SandboxChild with --no-node-snapshot (which
// isolated-vm needs on Node 20). It talks to the host over the pipe on fd 3, runs one call at a
// time, as the host sends them, and ends when that pipe closes, so it never outlives its host.

// What the host sends is bounded by what it accepts from the adapter author (a bundle, a batch).
const maxFrameBytes = 512 * 1024 * 1024
const pipe = new Socket({ fd: 3, readable: true, writable: true })
const send = (message: ChildMessage) => channel.send(...toFrame(message))
const calls = new IsolateCalls(send)
const channel = new FrameChannel<HostMessage>(pipe, (header, body) => {
  const request = fromFrame(header, body)
  if (request.kind === 'capabilityResult') return calls.deliver(request)
  void calls.call(request).then((outcome) => send({ kind: 'result', callId: request.callId, outcome }))
}, { maxFrameBytes, onOversize: () => process.exit(70) })
pipe.on('end', () => process.exit(0))
pipe.on('close', () => process.exit(0))
send({ kind: 'ready' })
