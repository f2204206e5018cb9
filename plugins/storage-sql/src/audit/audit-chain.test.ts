import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'
import { entryHash, genesisHash, merkleRoot, verifyChain, type AuditAnchor, type AuditEntry } from './audit-chain.js'

function anchorOver(entries: AuditEntry[], fromSeq: number, toSeq: number): AuditAnchor {
  const covered = entries.filter((entry) => entry.seq >= fromSeq && entry.seq <= toSeq).map((entry) => entry.hash)
  return { tenant: 't', fromSeq, toSeq, merkleRoot: merkleRoot(covered), anchoredAt: 'x' }
}

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = []
  let prevHash = genesisHash
  for (let seq = 1; seq <= length; seq++) {
    const unsigned = { tenant: 't', seq, kind: 'decision', actor: 'policy:threshold', subject: `r${seq}`, payload: { n: seq }, recordedAt: '2023-05-01T00:00:00.000Z', prevHash }
    const entry = { ...unsigned, hash: entryHash(unsigned) }
    entries.push(entry)
    prevHash = entry.hash
  }
  return entries
}

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}')
  })

  it('round-trips: parsing it gives the value back', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
    }))
  })
})

describe('verifyChain', () => {
  it('accepts an untouched chain and its anchor', () => {
    const entries = chain(5)
    expect(verifyChain(entries, [{ tenant: 't', fromSeq: 1, toSeq: 5, merkleRoot: merkleRoot(entries.map((e) => e.hash)), anchoredAt: 'x' }])).toBeUndefined()
  })

  it('names an entry whose content was edited', () => {
    const entries = chain(4)
    entries[2] = { ...(entries[2] as AuditEntry), payload: { n: 99 } }
    expect(verifyChain(entries)).toEqual({ seq: 3, problem: 'entry #3 was changed: its hash does not match its content' })
  })

  it('names the entry after a deleted one', () => {
    const entries = chain(4)
    entries.splice(1, 1)
    expect(verifyChain(entries)).toEqual({ seq: 3, problem: 'entry #3 follows #1: entries are missing or out of order' })
  })

  it('names an entry whose link was rewritten along with its hash', () => {
    const entries = chain(3)
    const forged = { ...(entries[1] as AuditEntry), prevHash: 'f'.repeat(64) }
    entries[1] = { ...forged, hash: entryHash(forged) }
    expect(verifyChain(entries)).toEqual({ seq: 2, problem: 'entry #2 does not link to the hash of entry #1' })
  })

  it('catches a chain rewritten from the start by its anchor', () => {
    const original = chain(4)
    const anchor = { tenant: 't', fromSeq: 1, toSeq: 4, merkleRoot: merkleRoot(original.map((e) => e.hash)), anchoredAt: 'x' }
    const rewritten = chain(4).map((entry) => ({ ...entry }))
    let prevHash = genesisHash
    for (const entry of rewritten) {
      entry.payload = { n: 0 }
      entry.prevHash = prevHash
      entry.hash = entryHash(entry)
      prevHash = entry.hash
    }
    expect(verifyChain(rewritten, [anchor])).toEqual({ seq: 1, problem: "entries #1..#4 do not match their anchor's Merkle root" })
  })

  it('names the last entry when it was deleted after the latest anchor covered it', () => {
    const entries = chain(5)
    const anchors = [anchorOver(entries, 1, 3), anchorOver(entries, 4, 5)]
    expect(verifyChain(entries.slice(0, 4), anchors))
      .toEqual({ seq: 5, problem: 'the chain ends at entry #4 but the latest anchor covers up to #5: entry #5 is missing' })
    expect(verifyChain(entries.slice(0, 2), anchors))
      .toEqual({ seq: 3, problem: 'the chain ends at entry #2 but the latest anchor covers up to #5: entries #3..#5 are missing' })
    expect(verifyChain([], anchors))
      .toEqual({ seq: 1, problem: 'the chain is empty but the latest anchor covers up to #5: entries #1..#5 are missing' })
  })

  it('names the gap when an anchor between two others was deleted', () => {
    const entries = chain(6)
    const anchors = [anchorOver(entries, 1, 2), anchorOver(entries, 3, 4), anchorOver(entries, 5, 6)]
    expect(verifyChain(entries, [anchors[0] as AuditAnchor, anchors[2] as AuditAnchor])).toEqual({
      seq: 3, problem: 'the anchor over #5..#6 does not follow the one over #1..#2: an anchor is missing or was changed',
    })
    expect(verifyChain(entries, anchors)).toBeUndefined()
  })

  it('detects any single-field edit of any entry', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5 }), fc.constantFrom('kind', 'actor', 'subject', 'recordedAt'), fc.string({ minLength: 1 }), (index, field, text) => {
      const entries = chain(6)
      const target = entries[index] as AuditEntry
      fc.pre(target[field] !== text)
      entries[index] = { ...target, [field]: text }
      expect(verifyChain(entries)?.seq).toBe(index + 1)
    }))
  })
})
