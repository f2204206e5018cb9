import {
  policyEnginePoint, type AetherPlugin, type Decision, type ForecastV1, type ItemResult, type PolicyEngine,
} from '@aether/plugin-api'

/**
 * The application's own policy engine, written as a plugin: it never drains on its own, it asks
 * for a migration (and pages someone, in a real app) when the risk passes the app's limit.
 */
class PagerPolicy implements PolicyEngine {
  readonly name = 'pager'
  readonly pages: ForecastV1[] = []

  constructor(private readonly limit: number) {}

  async decideBatch(forecasts: ForecastV1[]): Promise<Array<ItemResult<Decision>>> {
    return forecasts.map((forecast) => {
      const isRisky = forecast.probability >= this.limit
      if (isRisky) this.pages.push(forecast)
      return {
        isOk: true,
        value: {
          action: isRisky ? 'migrate' : 'hold',
          confidence: 1,
          policy: 'pager@1',
          explanation: `${isRisky ? 'migrate and page' : 'hold'}: P=${forecast.probability} against the app's limit ${this.limit}.`,
        },
      }
    })
  }
}

/** Makes the plugin; the application keeps the policy to read its pages. */
export function pagerPolicyPlugin(limit: number): { plugin: AetherPlugin; policy: PagerPolicy } {
  const policy = new PagerPolicy(limit)
  return {
    policy,
    plugin: {
      manifest: { name: 'app-pager-policy', version: '1.0.0', engine: '^0.1.0', provides: [policyEnginePoint.id] },
      register: (context) => context.provide(policyEnginePoint, policy),
    },
  }
}
