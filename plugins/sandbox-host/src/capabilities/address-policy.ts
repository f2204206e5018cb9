import { isIPv4, isIPv6 } from 'node:net'

// Which IP addresses a sandboxed fetch may connect to: public unicast only. Pure: it reads an
// address string and says why it is refused, or nothing. Callers pass what the WHATWG URL parser
// or DNS produced, so every numeric spelling (2130706433, 0177.0.0.1, 0x7f.1) is already the
// dotted form here; the IPv6 parser below still accepts any valid text form.

interface Block {
  /** First address of the block, as bytes. */
  prefix: number[]
  bits: number
  why: string
}

const v4Blocks: Array<[string, number, string]> = [
  ['169.254.169.254', 32, 'a cloud metadata address'],
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved (IETF protocol) address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a reserved (6to4 relay) address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a reserved (benchmarking) address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['255.255.255.255', 32, 'the broadcast address'],
  ['240.0.0.0', 4, 'a reserved address'],
]

const v6Blocks: Array<[string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['::ffff:0:0', 96, 'an IPv4-mapped address (use the IPv4 address itself)'],
  ['::', 96, 'an IPv4-compatible address (use the IPv4 address itself)'],
  ['fd00:ec2::254', 128, 'a cloud metadata address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['ff00::', 8, 'a multicast address'],
  ['64:ff9b::', 96, 'a NAT64 address (it embeds an IPv4 address)'],
  ['64:ff9b:1::', 48, 'a NAT64 address (it embeds an IPv4 address)'],
  ['100::', 64, 'a discard address'],
  ['2001::', 32, 'a Teredo address (it embeds an IPv4 address)'],
  ['2001:db8::', 32, 'a documentation address'],
  ['2002::', 16, 'a 6to4 address (it embeds an IPv4 address)'],
]

const v4 = v4Blocks.map(([address, bits, why]): Block => ({ prefix: ipv4Bytes(address) as number[], bits, why }))
const v6 = v6Blocks.map(([address, bits, why]): Block => ({ prefix: ipv6Bytes(address) as number[], bits, why }))

/**
 * Why a connection to `address` (an IPv4 or IPv6 address, IPv6 with or without brackets) is
 * refused: loopback, private, link-local, CGNAT, metadata, unspecified, unique-local, multicast,
 * broadcast, reserved or documentation ranges, IPv4-mapped, -compatible or -embedding IPv6, and
 * any IPv6 address outside global unicast (2000::/3). `undefined` means it is public.
 */
export function refusedAddress(address: string): string | undefined {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  const four = ipv4Bytes(text)
  if (four !== undefined) return firstMatch(v4, four)
  const six = ipv6Bytes(text)
  if (six === undefined) return 'not an IP address'
  const why = firstMatch(v6, six)
  if (why !== undefined) return why
  // Global unicast is 2000::/3; everything else is reserved or special.
  return (six[0] as number) >> 5 === 0b001 ? undefined : 'not a global unicast address'
}

/** Whether `text` is an IP address (IPv6 possibly in brackets), as opposed to a host name. */
export function isIpAddress(text: string): boolean {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  return isIPv4(bare) || isIPv6(bare)
}

function firstMatch(blocks: Block[], bytes: number[]): string | undefined {
  return blocks.find((block) => block.prefix.length === bytes.length && inBlock(bytes, block))?.why
}

function inBlock(bytes: number[], block: Block): boolean {
  for (let bit = 0; bit < block.bits; bit += 8) {
    const take = Math.min(8, block.bits - bit)
    const mask = (0xff << (8 - take)) & 0xff
    const index = bit / 8
    if (((bytes[index] as number) & mask) !== ((block.prefix[index] as number) & mask)) return false
  }
  return true
}

/** Dotted-decimal IPv4 only (what the URL parser and DNS give); undefined for anything else. */
function ipv4Bytes(text: string): number[] | undefined {
  if (!isIPv4(text)) return undefined
  return text.split('.').map(Number)
}

/** Any valid IPv6 text form, including `::` and a trailing dotted IPv4; no zone ids. */
function ipv6Bytes(text: string): number[] | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined
  let groups = text
  const lastColon = groups.lastIndexOf(':')
  const tail = groups.slice(lastColon + 1)
  if (tail.includes('.')) {
    const four = ipv4Bytes(tail)
    if (four === undefined) return undefined
    groups = `${groups.slice(0, lastColon + 1)}${((four[0] as number) * 256 + (four[1] as number)).toString(16)}:${((four[2] as number) * 256 + (four[3] as number)).toString(16)}`
  }
  const [head, rest] = groups.split('::') as [string, string | undefined]
  const headParts = head === '' ? [] : head.split(':')
  const restParts = rest === undefined || rest === '' ? [] : rest.split(':')
  const zeros = rest === undefined ? 0 : 8 - headParts.length - restParts.length
  const words = [...headParts, ...Array<string>(zeros).fill('0'), ...restParts].map((part) => Number.parseInt(part, 16))
  if (words.length !== 8) return undefined
  return words.flatMap((word) => [word >> 8, word & 0xff])
}
