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

  // ../sdk/dist/validator.js
  function defineValidator(definition) {
    return batchAdapter("validator", definition);
  }

  // src/field-rules.ts
  var clockSkewMs = 5 * 6e4;
  var isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  var gcpRegion = /^[a-z]+-[a-z]+\d+$/;
  var awsRegion = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/;
  var gcpMultiRegion = /^(us|eu|asia|nam\d+|eur\d+|asia\d+)$/;
  function text(fields, key, maxChars) {
    const value = fields[key];
    if (typeof value !== "string") return { path: `/${key}`, message: "is required and must be a string" };
    if (value.trim() === "") return { path: `/${key}`, message: "is empty" };
    if (value.length > maxChars) return { path: `/${key}`, message: `is longer than ${maxChars} characters` };
    return void 0;
  }
  function pastTimestamp(fields, key, nowMs) {
    const value = fields[key];
    if (typeof value !== "string" || !isoDateTime.test(value) || Number.isNaN(Date.parse(value))) {
      return { path: `/${key}`, message: "is not an ISO 8601 timestamp with a time zone" };
    }
    if (Date.parse(value) > nowMs + clockSkewMs) return { path: `/${key}`, message: `${value} is in the future` };
    return void 0;
  }
  function regionName(fields, isSignal) {
    const region = fields.region;
    const isRegion = typeof region === "string" && (gcpRegion.test(region) || awsRegion.test(region) || isSignal && (region === "global" || gcpMultiRegion.test(region)));
    return isRegion ? void 0 : { path: "/region", message: `${JSON.stringify(region)} is not a GCP or AWS region name${isSignal ? ', multi-region nor "global"' : ""}` };
  }
  function zoneOfRegion(fields) {
    const { zone, region } = fields;
    if (zone === void 0) return void 0;
    const isZone = typeof zone === "string" && typeof region === "string" && (gcpRegion.test(region) ? new RegExp(`^${region}-[a-z]$`).test(zone) : new RegExp(`^${region}[a-z]$`).test(zone));
    return isZone ? void 0 : { path: "/zone", message: `${JSON.stringify(zone)} is not a zone of region ${JSON.stringify(region)}` };
  }

  // src/record-rules.ts
  var metricRanges = {
    // USD per hour: no instance type costs more than a few hundred; a spot price of 0 is a gap, not a price.
    spot_price_usd_hour: { min: 0, max: 500, exclusiveMin: true },
    on_demand_price_usd_hour: { min: 0, max: 500, exclusiveMin: true },
    // Instances available at a tick: a count.
    spot_available: { min: 0, max: 1e6, isInteger: true }
  };
  var severities = /* @__PURE__ */ new Set(["info", "low", "medium", "high"]);
  function brokenRules(record, nowMs) {
    if (record === null || typeof record !== "object" || Array.isArray(record)) return [{ path: "", message: "is not a JSON object" }];
    const fields = record;
    const issues = [
      /^[0-9a-f]{32}$/.test(String(fields.id)) ? void 0 : { path: "/id", message: "is not a 32-hex-digit record id" },
      typeof fields.tenant === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(fields.tenant) ? void 0 : { path: "/tenant", message: "is not a tenant id" },
      text(fields, "source", 200),
      text(fields, "sourceEventId", 500),
      pastTimestamp(fields, "timestamp", nowMs)
    ];
    if (fields.contract === "signal.v1") issues.push(...signalRules(fields));
    else if (fields.contract === "telemetry.v1") issues.push(...telemetryRules(fields));
    else issues.push({ path: "/contract", message: `${JSON.stringify(fields.contract)} is not signal.v1 or telemetry.v1, the contracts this rule pack knows` });
    return issues.filter((issue) => issue !== void 0);
  }
  function signalRules(fields) {
    const ends = fields.endTimestamp === void 0 ? void 0 : pastTimestamp(fields, "endTimestamp", Number.POSITIVE_INFINITY);
    const endsBeforeStart = ends === void 0 && fields.endTimestamp !== void 0 && Date.parse(fields.endTimestamp) < Date.parse(fields.timestamp);
    return [
      regionName(fields, true),
      severities.has(fields.severity) ? void 0 : { path: "/severity", message: `${JSON.stringify(fields.severity)} is not info, low, medium or high` },
      text(fields, "summary", 2e3),
      fields.provider === void 0 ? void 0 : text(fields, "provider", 50),
      ends,
      endsBeforeStart ? { path: "/endTimestamp", message: "is before the timestamp it ends" } : void 0
    ];
  }
  function telemetryRules(fields) {
    const { metric, value } = fields;
    const isMetric = typeof metric === "string" && /^[a-z][a-z0-9_]{0,63}$/.test(metric);
    return [
      regionName(fields, false),
      zoneOfRegion(fields),
      text(fields, "pool", 100),
      isMetric ? void 0 : { path: "/metric", message: 'is not a metric name (lowercase letters, digits, "_")' },
      isMetric ? valueRule(metric, value) : void 0
    ];
  }
  function valueRule(metric, value) {
    if (typeof value !== "number" || !Number.isFinite(value)) return { path: "/value", message: `${JSON.stringify(value)} is not a number` };
    const range = metricRanges[metric];
    if (range === void 0) return void 0;
    const isBelow = range.exclusiveMin === true ? value <= range.min : value < range.min;
    if (isBelow || value > range.max) return { path: "/value", message: `${value} is outside ${range.exclusiveMin === true ? "(" : "["}${range.min}, ${range.max}] for ${metric}` };
    if (range.isInteger === true && !Number.isInteger(value)) return { path: "/value", message: `${value} is not a whole count for ${metric}` };
    return void 0;
  }

  // src/index.ts
  var maxIssues = 100;
  var src_default = defineValidator({
    name: "spot-rules",
    process(items, ctx) {
      const nowMs = Date.now();
      const verdicts = items.map(({ id, tenant, record }) => {
        const issues = brokenRules(record, nowMs);
        if (issues.length === 0) return { id, tenant, valid: true };
        const [first] = issues;
        const reason = `spot-rules: ${issues.length} rule${issues.length === 1 ? "" : "s"} broken, first ${first?.path || "/"} ${first?.message}`;
        return { id, tenant, valid: false, reason: reason.slice(0, 1e3), issues: issues.slice(0, maxIssues) };
      });
      ctx.log(`${verdicts.filter((verdict) => !verdict.valid).length} of ${items.length} records break a rule`);
      return verdicts;
    }
  });

  // aether-adapter-entry.js
  globalThis.adapter = src_default;
})();
