/**
 * Sums a V8 CPU profile (`Profiler.stop`'s `profile`, the `.cpuprofile` format): self time
 * by function and by file, and inclusive time by function (a sample counts once for every
 * distinct function on its stack), as text tables.
 *
 * @module
 */

/** The parts of a V8 CPU profile read here. */
export interface V8Profile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds by key, largest first. */
export type Tally = [string, number][];

/** Self and inclusive time of a profile. */
export interface ProfileTotals {
  totalMs: number;
  selfByFunction: Tally;
  selfByFile: Tally;
  inclusiveByFunction: Tally;
}

/** `path:line` of a URL, shortened to the part under the repo or `node_modules`. */
function shortUrl(url: string): string {
  if (!url) return "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length).replace(/^\.deno\/[^/]+\//, "");
  const repo = /\/(lib|bench|routes|main\.ts|tests)\//.exec(url);
  return repo ? url.slice(repo.index + 1) : url.replace(/^.*\/\/\//, "");
}

/** Sums `profile`'s samples. */
export function profileTotals(profile: V8Profile): ProfileTotals {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fnKey = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
  };
  const fileKey = (id: number) => shortUrl(byId.get(id)!.callFrame.url).replace(/:\d+$/, "");
  const self = new Map<string, number>();
  const file = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const id = profile.samples[i];
    totalMs += ms;
    add(self, fnKey(id), ms);
    add(file, fileKey(id), ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = fnKey(at);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, ms);
      }
    }
  }
  const sorted = (m: Map<string, number>): Tally => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs,
    selfByFunction: sorted(self),
    selfByFile: sorted(file),
    inclusiveByFunction: sorted(inclusive),
  };
}

/** The tables as text: `top` rows each, times as % of the profile and µs per stream. */
export function summarizeProfile(
  profile: V8Profile,
  options: { top: number; streams: number },
): string {
  const totals = profileTotals(profile);
  const table = (title: string, rows: Tally) =>
    [
      `## ${title}`,
      ...rows.slice(0, options.top).map(([k, ms]) =>
        `${(100 * ms / totals.totalMs).toFixed(1).padStart(5)}% ${
          (1000 * ms / Math.max(1, options.streams)).toFixed(1).padStart(7)
        } µs/stream  ${k}`
      ),
    ].join("\n");
  return [
    `profile: ${totals.totalMs.toFixed(0)} ms sampled, ${options.streams} streams`,
    table("self time by file", totals.selfByFile),
    table("self time by function", totals.selfByFunction),
    table("inclusive time by function", totals.inclusiveByFunction),
  ].join("\n\n");
}

/** The parts of a V8 sampling heap profile (`HeapProfiler.stopSampling`) read here. */
export interface V8HeapProfile {
  head: V8HeapNode;
}

interface V8HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: V8HeapNode[];
}

/**
 * Bytes allocated (sampled) by function, with the two callers above it, and by file, as
 * text tables of `top` rows; sizes in KB per stream.
 */
export function summarizeHeapProfile(
  profile: V8HeapProfile,
  options: { top: number; streams: number },
): string {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const name = (n: V8HeapNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${shortUrl(n.callFrame.url)}:${
      n.callFrame.lineNumber + 1
    }`;
  const visit = (node: V8HeapNode, stack: V8HeapNode[]) => {
    if (node.selfSize > 0) {
      total += node.selfSize;
      const callers = stack.slice(-2).reverse().map(name).join(" < ");
      const key = `${name(node)}${callers ? ` < ${callers}` : ""}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      const file = shortUrl(node.callFrame.url).replace(/:\d+$/, "");
      byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
    }
    for (const child of node.children) visit(child, [...stack, node]);
  };
  visit(profile.head, []);
  const kb = (bytes: number) => (bytes / 1024 / Math.max(1, options.streams)).toFixed(1);
  const table = (title: string, m: Map<string, number>) =>
    [
      `## ${title}`,
      ...[...m].sort((a, b) => b[1] - a[1]).slice(0, options.top).map(([k, bytes]) =>
        `${kb(bytes).padStart(7)} KB/stream  ${k}`
      ),
    ].join("\n");
  return [
    `allocated (sampled): ${kb(total)} KB a stream over ${options.streams} streams`,
    table("by file", byFile),
    table("by function (< callers)", byFunction),
  ].join("\n\n");
}
