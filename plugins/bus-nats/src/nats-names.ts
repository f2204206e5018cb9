import { InvalidSubject } from './errors.js'

const token = /^[A-Za-z0-9_-]+$/

/**
 * How a deployment's logical subjects map onto NATS: every subject is prefixed with the
 * deployment, each subject family (its first token: `signals`, `forecasts`, `dead`, ...) gets one
 * stream, and a durable consumer is named after its durable and subject, since one stream holds
 * several subjects and a durable name (`sink`) may read several of them.
 */
export class NatsNames {
  constructor(readonly deployment: string) {}

  /** The subject on the wire. */
  wire(subject: string): string {
    if (!subject.split('.').every((part) => token.test(part))) throw new InvalidSubject([subject])
    return `${this.deployment}.${subject}`
  }

  /** The logical subject of a wire subject of this deployment. */
  logical(wireSubject: string): string {
    return wireSubject.slice(this.deployment.length + 1)
  }

  family(subject: string): string {
    return subject.split('.')[0] as string
  }

  /** The stream holding a subject's family. */
  stream(subject: string): string {
    return `${this.deployment}_${this.family(subject)}`
  }

  /** The wire subjects a family's stream captures. */
  streamSubjects(subject: string): string[] {
    const family = `${this.deployment}.${this.family(subject)}`
    return [family, `${family}.>`]
  }

  consumer(subject: string, durable: string): string {
    if (!token.test(durable)) throw new InvalidSubject([durable])
    return `${durable}__${subject.replaceAll('.', '_')}`
  }
}
