/** Inline SVG icons (no icon font, no emoji font needed), drawn with currentColor. */
const NS = 'http://www.w3.org/2000/svg';

const ICONS = {
  wifi: [['path', { d: 'M5 12.55a11 11 0 0 1 14.08 0' }], ['path', { d: 'M1.42 9a16 16 0 0 1 21.16 0' }], ['path', { d: 'M8.53 16.11a6 6 0 0 1 6.95 0' }], ['line', { x1: 12, y1: 20, x2: 12.01, y2: 20 }]],
  chat: [['path', { d: 'M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8v.5z' }]],
  phone: [['rect', { x: 5, y: 2, width: 14, height: 20, rx: 2 }], ['line', { x1: 12, y1: 18, x2: 12.01, y2: 18 }]],
  calendar: [['rect', { x: 3, y: 4, width: 18, height: 18, rx: 2 }], ['line', { x1: 16, y1: 2, x2: 16, y2: 6 }], ['line', { x1: 8, y1: 2, x2: 8, y2: 6 }], ['line', { x1: 3, y1: 10, x2: 21, y2: 10 }]],
  chart: [['line', { x1: 12, y1: 20, x2: 12, y2: 10 }], ['line', { x1: 18, y1: 20, x2: 18, y2: 4 }], ['line', { x1: 6, y1: 20, x2: 6, y2: 16 }]],
  tree: [['line', { x1: 6, y1: 3, x2: 6, y2: 15 }], ['circle', { cx: 18, cy: 6, r: 3 }], ['circle', { cx: 6, cy: 18, r: 3 }], ['path', { d: 'M18 9a9 9 0 0 1-9 9' }]],
  logout: [['path', { d: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4' }], ['polyline', { points: '16 17 21 12 16 7' }], ['line', { x1: 21, y1: 12, x2: 9, y2: 12 }]],
  send: [['line', { x1: 22, y1: 2, x2: 11, y2: 13 }], ['polygon', { points: '22 2 15 22 11 13 2 9 22 2' }]],
  plus: [['line', { x1: 12, y1: 5, x2: 12, y2: 19 }], ['line', { x1: 5, y1: 12, x2: 19, y2: 12 }]],
  refresh: [['polyline', { points: '23 4 23 10 17 10' }], ['path', { d: 'M20.49 15a9 9 0 1 1-2.12-9.36L23 10' }]],
  left: [['polyline', { points: '15 18 9 12 15 6' }]],
  right: [['polyline', { points: '9 18 15 12 9 6' }]],
  alert: [['path', { d: 'M10.29 3.86L1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z' }], ['line', { x1: 12, y1: 9, x2: 12, y2: 13 }], ['line', { x1: 12, y1: 17, x2: 12.01, y2: 17 }]],
  close: [['line', { x1: 18, y1: 6, x2: 6, y2: 18 }], ['line', { x1: 6, y1: 6, x2: 18, y2: 18 }]],
  user: [['path', { d: 'M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2' }], ['circle', { cx: 12, cy: 7, r: 4 }]],
  check: [['polyline', { points: '20 6 9 17 4 12' }]],
  trash: [['polyline', { points: '3 6 5 6 21 6' }], ['path', { d: 'M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6' }], ['path', { d: 'M10 11v6' }], ['path', { d: 'M14 11v6' }], ['path', { d: 'M9 6V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2' }]],
  robot: [['rect', { x: 3, y: 8, width: 18, height: 12, rx: 3 }], ['line', { x1: 12, y1: 4, x2: 12, y2: 8 }], ['circle', { cx: 12, cy: 3, r: 1 }], ['line', { x1: 9, y1: 13, x2: 9, y2: 15 }], ['line', { x1: 15, y1: 13, x2: 15, y2: 15 }]],
  store: [['path', { d: 'M3 9l1.5-5h15L21 9' }], ['path', { d: 'M4 9v11h16V9' }], ['path', { d: 'M3 9a3 3 0 0 0 6 0 3 3 0 0 0 6 0 3 3 0 0 0 6 0' }], ['rect', { x: 10, y: 14, width: 4, height: 6 }]],
  paw: [
    ['ellipse', { cx: 12, cy: 16, rx: 5, ry: 4.2, fill: 'currentColor', stroke: 'none' }],
    ['ellipse', { cx: 5.5, cy: 10.5, rx: 2.1, ry: 2.7, fill: 'currentColor', stroke: 'none' }],
    ['ellipse', { cx: 9.3, cy: 6.3, rx: 2.1, ry: 2.7, fill: 'currentColor', stroke: 'none' }],
    ['ellipse', { cx: 14.7, cy: 6.3, rx: 2.1, ry: 2.7, fill: 'currentColor', stroke: 'none' }],
    ['ellipse', { cx: 18.5, cy: 10.5, rx: 2.1, ry: 2.7, fill: 'currentColor', stroke: 'none' }],
  ],
};

export function icon(name, { size = 20, label } = {}) {
  const svg = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', width: size, height: size, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', class: 'icon' })) svg.setAttribute(k, String(v));
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  for (const [tag, attrs] of ICONS[name] ?? []) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  }
  return svg;
}
