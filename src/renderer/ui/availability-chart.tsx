// Availability per bucket as bars (uPlot): fully available buckets in the healthy colour, the others in
// the down colour, so an outage stands out however short. Rebuilt when the data, size or scheme change.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { AvailabilitySeries } from '../availability.js';
import { lookColour } from './widgets.js';

export function AvailabilityChart({ series, dark, label, lang }: { series: AvailabilitySeries; dark: boolean; label: string; lang: 'en' | 'zh' }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const full = series.y.map((v) => (v !== null && v >= 99.9999 ? v : null));
    const partial = series.y.map((v) => (v !== null && v < 99.9999 ? v : null));
    const min = Math.min(100, ...series.y.filter((v): v is number => v !== null));
    const yMin = min >= 99.9999 ? 95 : Math.max(0, Math.floor(min - (100 - min) * 0.2));
    const fg = dark ? '#9198a1' : '#59636e';
    const grid = dark ? '#30363d' : '#e6e9ed';
    const bars = uPlot.paths.bars!({ size: [0.8, 60], align: 0 });
    const fmt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', series.bucketMs >= 86_400_000 ? { month: '2-digit', day: '2-digit' } : { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 170,
      legend: { show: false },
      cursor: { show: true, points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true, range: [series.from, series.to] }, y: { range: [yMin, 100] } },
      axes: [
        { stroke: fg, space: 110, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (_u, ticks) => ticks.map((v) => fmt.format(v * 1000)) },
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (_u, ticks) => ticks.map((v) => `${v}%`), size: 60 },
      ],
      series: [
        {},
        { label, fill: lookColour('healthy', dark), stroke: lookColour('healthy', dark), paths: bars, points: { show: false } },
        { label, fill: lookColour('down', dark), stroke: lookColour('down', dark), paths: bars, points: { show: false } },
      ],
    };
    // Drawn a moment later, so the lists beside it show first.
    let ro: ResizeObserver | undefined;
    const timer = setTimeout(() => {
      plot.current?.destroy();
      plot.current = new uPlot(opts, [series.x, full, partial], el);
      ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(240, el.clientWidth), height: 170 }));
      ro.observe(el);
    }, 30);
    return () => {
      clearTimeout(timer);
      ro?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [series, dark, lang]);
  return <div class="chart" ref={box} role="img" aria-label={label} id="availability-chart" />;
}
