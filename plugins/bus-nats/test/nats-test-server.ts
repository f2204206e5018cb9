import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, connect as connectTcp } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** The machine's shared NATS server, which the suites use with a deployment of their own. */
export const sharedNatsUrl = process.env.AETHER_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

/** A nats-server of a test's own, with JetStream in a temporary store, that the test may stop and restart. */
export interface NatsTestServer {
  readonly url: string
  readonly port: number
  /** Kills the server (SIGKILL), as a crash does, and waits until it is gone. */
  kill(): Promise<void>
  /** Stops the server as an operator's restart does (SIGTERM: it writes its state, then exits) and waits until it is gone. */
  stop(): Promise<void>
  /** Starts it again on the same port and store. */
  start(): Promise<void>
  /** Freezes it (SIGSTOP), as a hung server: connections stay open, what is sent waits in the socket, nothing is answered. */
  freeze(): void
  /** Lets a frozen server go on (SIGCONT): it reads what waited, then answers. */
  thaw(): void
  /** Kills it and removes its store. */
  close(): Promise<void>
}

// Debian installs it in /usr/sbin, which is not on every user's PATH.
const natsServerBinary = process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server')

/** Starts a nats-server (with JetStream unless told otherwise) on a free loopback port, so drills never touch the shared one. */
export async function startNatsServer(options: { jetstream?: boolean } = {}): Promise<NatsTestServer> {
  const port = await freePort()
  const store = await mkdtemp(join(tmpdir(), 'aether-nats-'))
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    const jetstream = options.jetstream === false ? [] : ['-js', '-sd', store]
    child = spawn(natsServerBinary, ['-a', '127.0.0.1', '-p', String(port), ...jetstream], { stdio: 'ignore' })
    await waitForPort(port, true)
  }
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child?.once('exit', resolve))
    child.kill(signal)
    await exited
    await waitForPort(port, false)
  }
  const kill = (): Promise<void> => end('SIGKILL')
  await start()
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    kill,
    stop: () => end('SIGTERM'),
    start,
    freeze: () => { child?.kill('SIGSTOP') },
    thaw: () => { child?.kill('SIGCONT') },
    close: async () => {
      child?.kill('SIGCONT')
      await kill()
      await rm(store, { recursive: true, force: true })
    },
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function waitForPort(port: number, isOpen: boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const isListening = await new Promise<boolean>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1')
      socket.once('connect', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (isListening === isOpen) return
    await sleep(50)
  }
  throw new Error(`nats-server on port ${port} did not ${isOpen ? 'start' : 'stop'} within ${timeoutMs} ms`)
}
