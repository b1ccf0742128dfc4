// A chart.js chart, loaded on demand (the library is a separate chunk). Colours follow the theme.
import { useEffect, useRef, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { Skeleton } from './ui.js';

export interface ChartSpec {
  type: 'bar' | 'doughnut';
  labels: string[];
  datasets: { label: string; data: number[]; backgroundColor: string | string[] }[];
  stacked?: boolean;
  horizontal?: boolean;
  /** Formats a value for tooltips and the value axis (e.g. seconds → "1:30"). */
  format: (value: number) => string;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function useThemeName(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

export function ChartView({ spec, label, height = 260 }: { spec: ChartSpec; label: string; height?: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const theme = useThemeName();

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    import('../lib/chartjs.js').then(
      ({ Chart }) => {
        if (cancelled || !canvasRef.current) return;
        const text = cssVar('--text-muted') || '#555';
        const grid = cssVar('--border') || '#ddd';
        const font = { family: getComputedStyle(document.body).fontFamily, size: 12 };
        const valueAxis = {
          stacked: spec.stacked,
          beginAtZero: true,
          ticks: { color: text, font, callback: (v: string | number) => spec.format(Number(v)) },
          grid: { color: grid },
        };
        const categoryAxis = { stacked: spec.stacked, ticks: { color: text, font }, grid: { display: false } };
        const config: ChartConfiguration = {
          type: spec.type,
          data: { labels: spec.labels, datasets: spec.datasets.map((d) => ({ ...d, borderWidth: spec.type === 'doughnut' ? 2 : 0, borderColor: cssVar('--surface'), borderRadius: spec.type === 'bar' ? 4 : 0 })) },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 300 },
            indexAxis: spec.horizontal ? 'y' : 'x',
            plugins: {
              legend: { display: spec.type === 'doughnut' || spec.datasets.length > 1, position: 'bottom', labels: { color: text, font, boxWidth: 12 } },
              tooltip: {
                callbacks: {
                  label: (ctx) => {
                    const raw = typeof ctx.raw === 'number' ? ctx.raw : Number(ctx.raw);
                    const name = spec.type === 'doughnut' ? ctx.label : ctx.dataset.label;
                    return `${name}: ${spec.format(raw)}`;
                  },
                },
              },
            },
            scales: spec.type === 'bar' ? (spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis }) : {},
          },
        } as ChartConfiguration;
        chart = new Chart(canvasRef.current, config);
        setReady(true);
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : 'The chart could not be loaded.'),
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec, theme]);

  if (failed) return <p className="muted">Chart unavailable: {failed}</p>;
  return (
    <div className="chart" style={{ height }}>
      {!ready && <Skeleton lines={1} height={height - 8} />}
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </div>
  );
}
