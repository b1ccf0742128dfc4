// A chart.js chart, loaded on demand (the library is a separate chunk). Colours follow the theme.
import { useEffect, useRef, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useTranslation } from 'react-i18next';
import { Skeleton } from './ui.js';

export interface ChartSpec {
  type: 'bar' | 'doughnut';
  labels: (string | string[])[];
  datasets: { label: string; data: number[]; backgroundColor: string | string[] }[];
  stacked?: boolean;
  horizontal?: boolean;
  /** Formats a value for tooltips and the value axis (e.g. seconds → "1:30"). */
  format: (value: number) => string;
}

/** Round steps for a time axis (values are seconds): 15 min, 30 min, 1 h, 2 h, … so ticks read 2:00, 4:00, … */
export function niceStep(spec: Pick<ChartSpec, 'datasets' | 'stacked' | 'labels'>): number {
  let max = 0;
  if (spec.stacked) {
    for (let i = 0; i < spec.labels.length; i++)
      max = Math.max(
        max,
        spec.datasets.reduce((sum, d) => sum + (d.data[i] ?? 0), 0),
      );
  } else {
    for (const d of spec.datasets) for (const v of d.data) max = Math.max(max, v);
  }
  const steps = [300, 900, 1800, 3600, 7200, 10800, 14400, 21600, 28800, 43200, 86400, 172800, 432000, 864000];
  return steps.find((step) => max / step <= 6) ?? Math.ceil(max / 6 / 86400) * 86400;
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
  const { t } = useTranslation();

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
          ticks: { color: text, font, stepSize: niceStep(spec), callback: (v: string | number) => spec.format(Number(v)) },
          grid: { color: grid },
        };
        const multiLine = spec.labels.some((l) => Array.isArray(l));
        const categoryAxis = {
          stacked: spec.stacked,
          // Two-line labels (weekday / date) fit upright; long names may tilt.
          ticks: {
            color: text,
            font: multiLine ? { ...font, size: 11 } : font,
            ...(multiLine ? { maxRotation: 0, autoSkip: false } : {}),
          },
          grid: { display: false },
        };
        const config: ChartConfiguration = {
          type: spec.type,
          data: {
            labels: spec.labels,
            datasets: spec.datasets.map((d) => ({
              ...d,
              borderWidth: spec.type === 'doughnut' ? 2 : 0,
              borderColor: cssVar('--surface'),
              borderRadius: spec.type === 'bar' ? 4 : 0,
            })),
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 300 },
            indexAxis: spec.horizontal ? 'y' : 'x',
            plugins: {
              legend: {
                display: spec.type === 'doughnut' || spec.datasets.length > 1,
                position: 'bottom',
                labels: { color: text, font, boxWidth: 12 },
              },
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
            scales:
              spec.type === 'bar'
                ? spec.horizontal
                  ? { x: valueAxis, y: categoryAxis }
                  : { x: categoryAxis, y: valueAxis }
                : {},
          },
        } as ChartConfiguration;
        chart = new Chart(canvasRef.current, config);
        setReady(true);
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : t('chart.failed')),
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec, theme, t]);

  if (failed) return <p className="muted">{t('chart.unavailable', { reason: failed })}</p>;
  return (
    <div className="chart" style={{ height }}>
      {!ready && <Skeleton lines={1} height={height - 8} />}
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </div>
  );
}
