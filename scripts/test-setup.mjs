// Runs before `npm test` (the `pretest` script): makes sure what the integration tests need is
// there, starting or installing it when this machine can, and otherwise saying exactly what is
// missing and how to get it. The tests need:
//   - PostgreSQL on 127.0.0.1:5432, database `test`, trust auth (or AETHER_TEST_POSTGRES_URL)
//   - NATS with JetStream on 127.0.0.1:4222 (or AETHER_TEST_NATS_URL)
//   - nats-server itself, for the drills that start and kill servers of their own
//   - promtool (Debian's `prometheus` package), for the alerting rules' tests
//   - Chromium (Debian's `chromium` package, or CHROMIUM_BIN), for the conformance HTML report's test
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { connect } from 'node:net'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const postgresUrl = new URL(process.env.AETHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
const natsUrl = new URL(process.env.AETHER_TEST_NATS_URL ?? 'nats://127.0.0.1:4222')
const natsServerBin = process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : onPath('nats-server'))
const isRoot = process.getuid?.() === 0
const missing = []

await ensureService({
  name: 'PostgreSQL',
  host: postgresUrl.hostname, port: Number(postgresUrl.port || 5432),
  // Only a server of this machine's own is ours to start; a URL given elsewhere is the user's.
  start: process.env.AETHER_TEST_POSTGRES_URL === undefined && existsSync('/etc/postgresql') && onPath('pg_ctlcluster')
    ? ['pg_ctlcluster', '--skip-systemctl-redirect', readdirSync('/etc/postgresql').sort().at(-1), 'main', 'start']
    : undefined,
  howTo: 'install PostgreSQL (Debian: apt-get install postgresql), allow trust auth from 127.0.0.1 and create the database `test`, ' +
    'or point AETHER_TEST_POSTGRES_URL at a server where the tests may create databases',
})
await ensureService({
  name: 'NATS with JetStream',
  host: natsUrl.hostname, port: Number(natsUrl.port || 4222),
  start: process.env.AETHER_TEST_NATS_URL === undefined && natsServerBin !== undefined && onPath('start-stop-daemon')
    ? ['start-stop-daemon', '--start', '--oknodo', '--background', '--exec', natsServerBin, '--',
        '-a', '127.0.0.1', '-p', '4222', '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log']
    : undefined,
  howTo: 'install nats-server (Debian: apt-get install nats-server) and start it with JetStream: ' +
    'nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server, or point AETHER_TEST_NATS_URL at one',
})
if (natsServerBin === undefined) {
  missing.push('nats-server, which the drills start and kill: install it (Debian: apt-get install nats-server), ' +
    'put it on the PATH or name it with NATS_SERVER_BIN')
}
if (onPath('promtool') === undefined) {
  if (isRoot && onPath('apt-get') !== undefined) {
    console.log('test setup: installing promtool (apt-get install prometheus)')
    run(['apt-get', 'update', '-qq'], { isQuiet: true })
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { isQuiet: true })
  }
  if (onPath('promtool') === undefined) {
    missing.push('promtool, which checks the Prometheus rules in deploy/prometheus: ' +
      'install Debian\'s `prometheus` package as root (apt-get install --no-install-recommends prometheus) ' +
      'or put a promtool from https://prometheus.io/download/ on the PATH')
  }
}
const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
if (!existsSync(chromiumBin)) {
  if (isRoot && onPath('apt-get') !== undefined && process.env.CHROMIUM_BIN === undefined) {
    console.log('test setup: installing Chromium (apt-get install chromium)')
    run(['apt-get', 'update', '-qq'], { isQuiet: true })
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'], { isQuiet: true })
  }
  if (!existsSync(chromiumBin)) {
    missing.push(`Chromium at ${chromiumBin}, which renders the conformance HTML report in its test: ` +
      'install Debian\'s `chromium` package as root (apt-get install --no-install-recommends chromium) or name another with CHROMIUM_BIN')
  }
}

if (missing.length > 0) {
  console.error(`npm test cannot run on this machine yet; missing:\n${missing.map((item) => `  - ${item}`).join('\n')}`)
  process.exit(1)
}

async function ensureService({ name, host, port, start, howTo }) {
  if (await isListening(host, port)) return
  if (start !== undefined) {
    console.log(`test setup: starting ${name} (${start.join(' ')})`)
    run(start)
    for (let waited = 0; waited < 30_000; waited += 250) {
      if (await isListening(host, port)) return
      await sleep(250)
    }
  }
  missing.push(`${name} on ${host}:${port} (nothing listens there${start === undefined ? '' : ', and starting it did not help'}): ${howTo}`)
}

function isListening(host, port) {
  return new Promise((resolve) => {
    const socket = connect(port, host)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

function onPath(command) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin']
  return dirs.map((dir) => join(dir, command)).find((file) => existsSync(file))
}

function run([command, ...args], { isQuiet = false } = {}) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', isQuiet ? 'ignore' : 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (result.error !== undefined) console.error(`test setup: ${command} failed: ${result.error.message}`)
}
