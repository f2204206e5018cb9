import { createServer, connect, type Socket } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FrameChannel } from './frame-channel.js'

// Both ends of a real Unix socket, as the host and a sandbox process talk over one.
let dir: string
let near: Socket
let far: Socket
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aether-frames-'))
  const path = join(dir, 'frames.sock')
  const accepted = new Promise<Socket>((resolve) => createServer(resolve).listen(path))
  near = connect(path)
  far = await accepted
})
afterAll(async () => {
  near.destroy()
  far.destroy()
  await rm(dir, { recursive: true, force: true })
})

function receiver(stream: Socket, maxFrameBytes = 64 * 1024 * 1024) {
  const frames: Array<{ header: unknown; body: string }> = []
  const oversize: number[] = []
  let wake = () => undefined as void
  new FrameChannel<unknown>(stream, (header, body) => { frames.push({ header, body }); wake() }, { maxFrameBytes, onOversize: (bytes) => { oversize.push(bytes); wake() } })
  const next = async (count: number) => { while (frames.length + oversize.length < count) await new Promise<void>((resolve) => { wake = resolve }) }
  return { frames, oversize, next }
}

describe('a frame channel', () => {
  it('carries ASCII, non-ASCII and empty bodies unchanged, each with its header, in order', async () => {
    const received = receiver(far)
    const sender = new FrameChannel<unknown>(near, () => undefined, { maxFrameBytes: 1024, onOversize: () => undefined })
    // Large enough to arrive in several chunks; the non-ASCII body mixes 2-, 3- and 4-byte characters.
    const ascii = JSON.stringify(Array.from({ length: 20_000 }, (_, index) => ({ id: `r${index}`, text: 'plain text' })))
    const unicode = JSON.stringify(Array.from({ length: 5_000 }, (_, index) => ({ id: `r${index}`, text: 'réseau 障害 📉' })))
    sender.send({ kind: 'a', note: 'entête é' }, ascii)
    sender.send({ kind: 'b' }, unicode)
    sender.send({ kind: 'c' })
    sender.send({ kind: 'd' }, 'é')
    await received.next(4)
    expect(received.frames.map((frame) => frame.header)).toEqual([{ kind: 'a', note: 'entête é' }, { kind: 'b' }, { kind: 'c' }, { kind: 'd' }])
    expect(received.frames.map((frame) => frame.body)).toEqual([ascii, unicode, '', 'é'])
  })

  it('stops reading at a frame larger than its limit and says how large it was', async () => {
    const received = receiver(near, 1_000)
    const sender = new FrameChannel<unknown>(far, () => undefined, { maxFrameBytes: 1024 * 1024, onOversize: () => undefined })
    sender.send({ kind: 'small' }, 'x'.repeat(100))
    sender.send({ kind: 'big' }, 'x'.repeat(5_000))
    sender.send({ kind: 'after' }, 'x')
    await received.next(2)
    expect(received.frames.map((frame) => frame.header)).toEqual([{ kind: 'small' }])
    expect(received.oversize).toEqual([5_000 + JSON.stringify({ kind: 'big' }).length])
  })
})
