(() => {
  // ../sdk/dist/define-adapter.js
  function checkName(kind, name) {
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(name)) {
      throw new TypeError(`${kind} name ${JSON.stringify(name)} must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
  }

  // ../sdk/dist/source.js
  function defineSource(definition) {
    checkName("source", definition.name);
    if (typeof definition.poll !== "function")
      throw new TypeError(`source "${definition.name}" needs a poll(cursor, ctx) function`);
    return Object.freeze({ name: definition.name, poll: definition.poll });
  }

  // src/feed-cursor.ts
  var startOfFeed = { etag: null, modifiedMark: null, idsAtMark: [] };
  function readSince(incidents, cursor, etag) {
    const markMs = cursor.modifiedMark === null ? Number.NEGATIVE_INFINITY : Date.parse(cursor.modifiedMark);
    const fresh = incidents.filter((incident) => {
      const modifiedMs = Date.parse(incident.modified);
      return modifiedMs > markMs || modifiedMs === markMs && !cursor.idsAtMark.includes(incident.id);
    });
    let mark = cursor.modifiedMark;
    let idsAtMark = cursor.idsAtMark;
    for (const incident of fresh) {
      const modifiedMs = Date.parse(incident.modified);
      if (mark === null || modifiedMs > Date.parse(mark)) {
        mark = incident.modified;
        idsAtMark = [incident.id];
      } else if (modifiedMs === Date.parse(mark)) idsAtMark = [...idsAtMark, incident.id];
    }
    return { fresh, next: { etag, modifiedMark: mark, idsAtMark } };
  }
  function isFeedCursor(value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const { etag, modifiedMark, idsAtMark } = value;
    return Object.keys(value).sort().join() === "etag,idsAtMark,modifiedMark" && (etag === null || typeof etag === "string") && (modifiedMark === null || typeof modifiedMark === "string" && !Number.isNaN(Date.parse(modifiedMark))) && Array.isArray(idsAtMark) && idsAtMark.every((id) => typeof id === "string");
  }
  function parseCursor(text) {
    if (text === null) return null;
    try {
      const value = JSON.parse(text);
      return isFeedCursor(value) ? value : null;
    } catch {
      return null;
    }
  }

  // src/incident-signals.ts
  var maxSummaryChars = 2e3;
  function incidentSignals(incident, source) {
    const summary = (incident.external_desc ?? "").trim() || `${incident.service_name ?? "Google Cloud"} incident ${incident.id}`;
    return regionsOf(incident).map((region) => ({
      contract: "signal.v1",
      source,
      sourceEventId: `${incident.id}/${region}`,
      provider: "gcp",
      timestamp: incident.begin,
      ...incident.end === void 0 ? {} : { endTimestamp: incident.end },
      region,
      severity: incident.severity,
      summary: summary.length > maxSummaryChars ? `${summary.slice(0, maxSummaryChars - 1)}…` : summary
    }));
  }
  function regionsOf(incident) {
    const locations = [
      ...incident.currently_affected_locations ?? [],
      ...incident.previously_affected_locations ?? [],
      ...(incident.updates ?? []).flatMap((update) => update.affected_locations ?? [])
    ];
    const regions = [...new Set(locations.map((location) => location.id).filter((id) => typeof id === "string" && id !== ""))];
    return regions.length > 0 ? regions.sort() : ["global"];
  }
  function isIncident(value) {
    if (value === null || typeof value !== "object") return false;
    const { id, begin, modified } = value;
    return typeof id === "string" && id !== "" && typeof begin === "string" && typeof modified === "string";
  }

  // src/gcp-status-feed.ts
  var cursorKey = "feed-cursor";
  function gcpStatusFeed(options) {
    return defineSource({
      name: options.name,
      async poll(cursor, ctx) {
        if (ctx.fetch === void 0) throw new Error(`the fetch capability for ${options.feedUrl} is not granted`);
        if (cursor !== null && !isFeedCursor(cursor)) throw new Error("not a cursor of this source: expected null or the { etag, modifiedMark, idsAtMark } it returned");
        if (cursor !== null) await ctx.kv?.set(cursorKey, JSON.stringify(cursor));
        const from = cursor ?? parseCursor(await ctx.kv?.get(cursorKey) ?? null) ?? startOfFeed;
        const response = await ctx.fetch(options.feedUrl, {
          headers: { accept: "application/json", ...from.etag === null ? {} : { "if-none-match": from.etag } }
        });
        if (response.status === 304) {
          ctx.log(`feed unchanged (ETag ${from.etag})`);
          return { records: [], cursor: from };
        }
        if (!response.ok) throw new Error(`the feed ${options.feedUrl} answered HTTP ${response.status}`);
        const feed = JSON.parse(response.body);
        if (!Array.isArray(feed)) throw new Error(`the feed ${options.feedUrl} is not a JSON array of incidents`);
        const incidents = feed.filter(isIncident);
        const { fresh, next } = readSince(incidents, from, response.headers.etag ?? null);
        const skipped = feed.length - incidents.length;
        ctx.log(`${fresh.length} new or modified incidents of ${incidents.length}${skipped > 0 ? `, ${skipped} entries without id, begin or modified skipped` : ""}`);
        return { records: fresh.flatMap((incident) => incidentSignals(incident, options.source)), cursor: next };
      }
    });
  }

  // src/index.ts
  var src_default = gcpStatusFeed({ name: "gcp-status-feed", feedUrl: "https://status.cloud.google.com/incidents.json", source: "gcp-status-feed" });

  // aether-adapter-entry.js
  globalThis.adapter = src_default;
})();
