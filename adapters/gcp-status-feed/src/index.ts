import { gcpStatusFeed } from './gcp-status-feed.js'

// The feed is fixed at build time: the host does not pass configuration to adapters yet. The
// manifest requests fetch of this one host; the operator grants it ("fetch=status.cloud.google.com").
export default gcpStatusFeed({ name: 'gcp-status-feed', feedUrl: 'https://status.cloud.google.com/incidents.json', source: 'gcp-status-feed' })
