/**
 * A small SVG line chart with logarithmic axes: query latency against corpus size, one
 * line per engine. Written by hand so the bench needs no plotting dependency.
 *
 * @module
 */

/** One line: a name and its (x, y) points; y null where not measured. */
export interface Series {
  name: string;
  points: [number, number | null][];
  dashed?: boolean;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"];

/** An SVG chart of `series` on log-log axes. */
export function logLogChart(title: string, xLabel: string, yLabel: string, series: Series[]) {
  const width = 720, height = 420, left = 70, right = 220, top = 40, bottom = 50;
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.flatMap(([, y]) => (y === null ? [] : [y])));
  const [x0, x1] = decades(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = decades(Math.min(...ys), Math.max(...ys));
  const px = (x: number) => left + ((Math.log10(x) - x0) / (x1 - x0)) * (width - left - right);
  const py = (y: number) =>
    height - bottom - ((Math.log10(y) - y0) / (y1 - y0)) * (height - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ];
  for (let d = y0; d <= y1; d++) {
    for (const m of [1, 2, 5]) {
      const y = m * 10 ** d;
      if (Math.log10(y) > y1) continue;
      out.push(
        `<line x1="${left}" x2="${width - right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
        `<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${fmt(y)}</text>`,
      );
    }
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(
      `<line x1="${px(x)}" x2="${px(x)}" y1="${top}" y2="${height - bottom}" stroke="#eee"/>`,
      `<text x="${px(x)}" y="${height - bottom + 16}" text-anchor="middle">${fmt(x)}</text>`,
    );
  }
  out.push(
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">` +
      `${escape(xLabel)}</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" ` +
      `transform="rotate(-90 16 ${(top + height - bottom) / 2})">${escape(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = s.points.filter(([, y]) => y !== null) as [number, number][];
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${
        pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ")
      }"/>`,
      ...pts.map(([x, y]) =>
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${colour}"/>`
      ),
      `<line x1="${width - right + 12}" x2="${width - right + 36}" y1="${top + 10 + i * 20}" ` +
        `y2="${top + 10 + i * 20}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${width - right + 42}" y="${top + 14 + i * 20}">${escape(s.name)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function decades(min: number, max: number): [number, number] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  return [lo, hi === lo ? lo + 1 : hi];
}

function fmt(v: number): string {
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}k`;
  return String(v);
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
