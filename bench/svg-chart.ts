// A hand-rolled SVG line chart: no chart library and nothing to download.
export type Series = { name: string; color: string; points: ReadonlyArray<{ x: number; y: number }> };

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= value) ?? 10;
  return step * magnitude;
}

/** x values are categories (the concurrency ladder), spaced evenly; y is linear from zero. */
export function lineChart({ title, xLabel, yLabel, series }: { title: string; xLabel: string; yLabel: string; series: readonly Series[] }): string {
  const width = 720;
  const height = 420;
  const margin = { left: 80, right: 170, top: 50, bottom: 60 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite)));
  const xAt = (x: number) => margin.left + (xs.length <= 1 ? plotWidth / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotWidth);
  const yAt = (y: number) => margin.top + plotHeight - (y / yMax) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2 - margin.right / 2 + margin.left / 2}" y="28" text-anchor="middle" font-size="16" font-weight="600">${escape(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const y = (yMax / 5) * i;
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${yAt(y)}" y2="${yAt(y)}" stroke="#e5e7eb"/>`,
      `<text x="${margin.left - 8}" y="${yAt(y) + 4}" text-anchor="end" fill="#374151">${Number(y.toPrecision(3))}</text>`,
    );
  }
  for (const x of xs) {
    parts.push(`<text x="${xAt(x)}" y="${margin.top + plotHeight + 20}" text-anchor="middle" fill="#374151">${x}</text>`);
  }
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#111827"/>`,
    `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#111827"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 15}" text-anchor="middle">${escape(xLabel)}</text>`,
    `<text transform="translate(20 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`,
  );
  series.forEach((s, index) => {
    const points = s.points.filter((p) => Number.isFinite(p.y));
    if (points.length > 0) {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${points.map((p) => `${xAt(p.x).toFixed(1)},${yAt(p.y).toFixed(1)}`).join(" ")}"/>`);
      for (const p of points) parts.push(`<circle cx="${xAt(p.x).toFixed(1)}" cy="${yAt(p.y).toFixed(1)}" r="4" fill="${s.color}"><title>${escape(`${s.name}: ${p.x} -> ${p.y.toFixed(2)}`)}</title></circle>`);
    }
    const legendY = margin.top + 10 + index * 22;
    parts.push(
      `<rect x="${margin.left + plotWidth + 20}" y="${legendY - 9}" width="14" height="14" fill="${s.color}"/>`,
      `<text x="${margin.left + plotWidth + 40}" y="${legendY + 2}">${escape(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
