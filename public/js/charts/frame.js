// Drawing helpers shared by the charts: a width-following frame and axis ticks.

import { s } from "../dom.js";

/**
 * Draws `draw(width)` (which returns an SVG element) into `container`, and again whenever the
 * container's width changes, so text in the chart stays crisp at any size. The container keeps
 * its CSS height, so nothing below it moves.
 */
export function responsive(container, draw) {
  let lastWidth = -1;
  const paint = () => {
    const width = Math.max(200, Math.floor(container.clientWidth));
    if (width === lastWidth) return;
    lastWidth = width;
    container.replaceChildren(draw(width));
  };
  paint();
  if (typeof ResizeObserver === "function") {
    const observer = new ResizeObserver(() => requestAnimationFrame(paint));
    observer.observe(container);
    container.stopResizing = () => observer.disconnect();
  }
  return container;
}

/** An `<svg>` of the given pixel size with an accessible name. */
export function frame(width, height, label, cls) {
  return s("svg", {
    class: cls,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": label,
  });
}

/** About `count` round tick values from 0 to `max`. */
export function ticks(max, count = 4) {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= raw) || raw;
  const values = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) values.push(Number(v.toFixed(10)));
  return values;
}

/** Round time ticks (ms) for a span: 1 s, 5 s, 10 s, 30 s, 1 min … steps. */
export function timeTicks(spanMs, count = 6) {
  const steps = [100, 250, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5];
  const step = steps.find((v) => spanMs / v <= count) || 36e5 * Math.ceil(spanMs / 36e5 / count);
  const values = [];
  for (let v = 0; v <= spanMs; v += step) values.push(v);
  return values;
}
