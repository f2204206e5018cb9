/**
 * A capability call the host refuses (as opposed to one that failed, like a connection reset):
 * the adapter gets AETHER_E_SANDBOX_CAPABILITY_DENIED and the whole call fails with it. The
 * message says what was refused and why, for the adapter's author and the operator's log.
 */
export class CapabilityRefusal extends Error {
  override readonly name = 'CapabilityRefusal'
}
