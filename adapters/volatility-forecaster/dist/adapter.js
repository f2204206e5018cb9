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

  // ../sdk/dist/forecaster.js
  function defineForecaster(definition) {
    return batchAdapter("forecaster", definition);
  }

  // src/logistic-model.ts
  var model = "volatility-logistic@1";
  var weights = {
    base: -3.2,
    unavailableShare: 3.5,
    priceVolatility: 8,
    priceJump: 2,
    spotShare: 1.2,
    capacityPressure: 2.2,
    newsVolatility: 0.8,
    incidentPressure: 1
  };
  function preemptionProbability(features) {
    const score = weights.base + weights.unavailableShare * features.unavailableShare + weights.priceVolatility * Math.min(features.priceVolatility, 0.5) + weights.priceJump * Math.min(features.priceJump, 1) + weights.spotShare * features.spotShare + weights.capacityPressure * features.capacityPressure + weights.newsVolatility * features.newsVolatility + weights.incidentPressure * features.incidentPressure;
    return { probability: 1 / (1 + Math.exp(-score)), score };
  }

  // src/signal-features.ts
  var halfLifeHours = 12;
  var severityWeight = { info: 0.05, low: 0.15, medium: 0.35, high: 0.6 };
  function signalFeatures(signals, enrichments, asOf) {
    const asOfMs = Date.parse(asOf);
    const recency = (timestamp) => 0.5 ** (Math.max(0, asOfMs - Date.parse(timestamp)) / 36e5 / halfLifeHours);
    const enrichmentOf = new Map(enrichments.map((enrichment) => [enrichment.signalId, enrichment]));
    let noCapacityShortage = 1;
    let noIncident = 1;
    let newsVolatility = 0;
    for (const signal of signals) {
      const weight = recency(signal.timestamp);
      const enrichment = enrichmentOf.get(signal.id);
      if (enrichment === void 0) {
        noIncident *= 1 - weight * (severityWeight[signal.severity] ?? 0);
        continue;
      }
      noCapacityShortage *= 1 - weight * enrichment.bCapacity;
      newsVolatility = Math.max(newsVolatility, weight * enrichment.vNews.volatilityLikelihood);
    }
    return { capacityPressure: 1 - noCapacityShortage, newsVolatility, incidentPressure: 1 - noIncident };
  }

  // src/telemetry-features.ts
  var windowSamples = 48;
  function series(telemetry, metric) {
    return telemetry.filter((sample) => sample.metric === metric && Number.isFinite(sample.value)).map((sample) => sample.value).slice(-windowSamples);
  }
  function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
  function telemetryFeatures(telemetry) {
    const spot = series(telemetry, "spot_price_usd_hour").filter((price) => price > 0);
    const onDemand = series(telemetry, "on_demand_price_usd_hour").filter((price) => price > 0);
    const available = series(telemetry, "spot_available");
    const returns = spot.slice(1).map((price, index) => Math.log(price / spot[index]));
    const mean = returns.reduce((sum, value) => sum + value, 0) / Math.max(1, returns.length);
    const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, returns.length - 1);
    const latestSpot = spot.at(-1);
    const latestOnDemand = onDemand.at(-1);
    return {
      priceVolatility: returns.length < 2 ? 0 : Math.sqrt(variance),
      priceJump: latestSpot === void 0 ? 0 : Math.max(0, Math.log(latestSpot / median(spot))),
      spotShare: latestSpot === void 0 || latestOnDemand === void 0 ? 0 : Math.min(1, latestSpot / latestOnDemand),
      unavailableShare: available.length === 0 ? 0 : available.filter((count) => count <= 0).length / available.length
    };
  }

  // src/index.ts
  var horizonMinutes = 60;
  var round = (value) => Math.round(value * 1e6) / 1e6;
  var src_default = defineForecaster({
    name: "volatility-logistic",
    process(inputs, ctx) {
      ctx.log(`forecasting ${inputs.length} pools for ${ctx.tenant}`);
      return inputs.map((input) => {
        if (input.telemetry.length === 0) return { id: input.id, tenant: input.tenant, error: `no telemetry for ${input.pool} in ${input.region}` };
        const features = { ...telemetryFeatures(input.telemetry), ...signalFeatures(input.signals, input.enrichments, input.asOf) };
        const { probability, score } = preemptionProbability(features);
        const rounded = Object.fromEntries(Object.entries({ ...features, score }).map(([name, value]) => [name, round(value)]));
        return { id: input.id, tenant: input.tenant, probability: round(probability), horizonMinutes, model, features: { ...rounded, samples: input.telemetry.length, signals: input.signals.length } };
      });
    }
  });

  // aether-adapter-entry.js
  globalThis.adapter = src_default;
})();
