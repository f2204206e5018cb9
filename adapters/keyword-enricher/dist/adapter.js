(() => {
  // ../sdk/dist/define-adapter.js
  function batchAdapter(kind, definition) {
    checkName(kind, definition.name);
    if (typeof definition.process !== "function")
      throw new TypeError(`${kind} "${definition.name}" needs a process(records, ctx) function`);
    return Object.freeze({ name: definition.name, process: definition.process });
  }
  function checkName(kind, name) {
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(name)) {
      throw new TypeError(`${kind} name ${JSON.stringify(name)} must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
  }

  // ../sdk/dist/enricher.js
  function defineEnricher(definition) {
    return batchAdapter("enricher", definition);
  }

  // src/lexicon.ts
  var capacityTerms = {
    capacity: 0.9,
    stockout: 0.95,
    stockouts: 0.95,
    exhausted: 0.8,
    exhaustion: 0.8,
    insufficient: 0.7,
    quota: 0.5,
    quotas: 0.5,
    provisioning: 0.5,
    allocation: 0.5,
    preemption: 0.6,
    preemptions: 0.6,
    preempted: 0.6,
    spot: 0.4,
    unavailable: 0.4,
    creation: 0.3,
    autoscaling: 0.3,
    scheduling: 0.3,
    vms: 0.2,
    instances: 0.2,
    instance: 0.2,
    compute: 0.15,
    gce: 0.15,
    nodepool: 0.15
  };
  var toneTerms = {
    outage: -0.8,
    down: -0.6,
    unavailable: -0.6,
    failures: -0.5,
    failure: -0.5,
    failing: -0.5,
    errors: -0.4,
    error: -0.4,
    loss: -0.4,
    degraded: -0.5,
    degradation: -0.5,
    latency: -0.3,
    impacted: -0.3,
    affecting: -0.3,
    issue: -0.2,
    issues: -0.2,
    disruption: -0.6,
    unable: -0.4,
    resolved: 0.7,
    restored: 0.7,
    recovered: 0.6,
    mitigated: 0.5,
    normal: 0.4,
    fixed: 0.5
  };
  var volatileTerms = {
    intermittent: 0.15,
    multiple: 0.12,
    elevated: 0.1,
    increased: 0.1,
    globally: 0.15,
    global: 0.1,
    regions: 0.1,
    investigating: 0.1,
    ongoing: 0.1,
    spike: 0.15,
    cascading: 0.2,
    widespread: 0.2
  };
  var severityPrior = { info: 0.05, low: 0.15, medium: 0.3, high: 0.5 };

  // src/score.ts
  function wordsOf(summary) {
    return new Set(summary.toLowerCase().split(/[^a-z0-9-]+/).filter((word) => word !== ""));
  }
  function scoreSummary(summary, severity) {
    const words = wordsOf(summary);
    let noCapacity = 1;
    let tone = 0;
    let volatility = severityPrior[severity] ?? severityPrior.low ?? 0;
    let isRecovering = false;
    for (const word of words) {
      noCapacity *= 1 - (capacityTerms[word] ?? 0);
      const wordTone = toneTerms[word] ?? 0;
      tone += wordTone;
      if (wordTone >= 0.5) isRecovering = true;
      volatility += volatileTerms[word] ?? 0;
    }
    if (isRecovering) volatility /= 2;
    return {
      sentiment: round(Math.tanh(tone)),
      volatilityLikelihood: round(Math.min(1, volatility)),
      bCapacity: round(1 - noCapacity)
    };
  }
  function round(value) {
    return Math.round(value * 1e3) / 1e3;
  }

  // src/index.ts
  var model = "keyword-enricher@1";
  var src_default = defineEnricher({
    name: "keyword-enricher",
    process(signals, ctx) {
      ctx.log(`scoring ${signals.length} signals of ${ctx.tenant}`);
      return signals.map((signal) => {
        if (wordsOf(signal.summary).size === 0) return { id: signal.id, tenant: signal.tenant, error: "the summary has no words to score" };
        const { sentiment, volatilityLikelihood, bCapacity } = scoreSummary(signal.summary, signal.severity);
        return { id: signal.id, tenant: signal.tenant, vNews: { sentiment, volatilityLikelihood }, bCapacity, model };
      });
    }
  });

  // aether-adapter-entry.js
  globalThis.adapter = src_default;
})();
