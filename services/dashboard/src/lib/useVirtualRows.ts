// Window-scrolled virtual rows: of a long list of fixed-height rows only those near the viewport are in the DOM
// (10,000 loaded stores stay as light as 50); spacers keep the scroll height right. When rows are inserted or
// removed above the viewport (a store created live at the top), the page is scrolled by as much, so what the
// user is looking at does not move.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface VirtualWindow {
  start: number;
  end: number;
  /** Heights of the spacers before and after the rendered rows. */
  before: number;
  after: number;
}

/** Which rows to render for a scroll position: pure, so it can be tested without a browser. */
export function visibleRange(
  count: number,
  rowHeight: number,
  offsetTop: number,
  viewportHeight: number,
  overscan: number,
): VirtualWindow {
  const first = Math.floor(Math.max(0, -offsetTop) / rowHeight);
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + Math.ceil(viewportHeight / rowHeight) + overscan);
  return { start, end: Math.max(start, end), before: start * rowHeight, after: Math.max(0, count - Math.max(start, end)) * rowHeight };
}

/**
 * `container`: the element whose top is the first row's top (a tbody). `keys`: the rows' identities in order,
 * to keep the row at the top of the viewport in place when rows come or go above it.
 */
export function useVirtualRows(container: RefObject<HTMLElement | null>, keys: string[], rowHeight: number, overscan = 8) {
  const [win, setWin] = useState<VirtualWindow>(() => visibleRange(keys.length, rowHeight, 0, 900, overscan));
  const frame = useRef(0);
  const count = keys.length;

  const measure = useCallback(() => {
    frame.current = 0;
    const el = container.current;
    if (!el) return;
    const next = visibleRange(count, rowHeight, el.getBoundingClientRect().top, window.innerHeight, overscan);
    setWin((w) => (w.start === next.start && w.end === next.end && w.before === next.before && w.after === next.after ? w : next));
  }, [container, count, rowHeight, overscan]);

  useEffect(() => {
    const schedule = () => {
      if (!frame.current) frame.current = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame.current) cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [measure]);

  // Keep the first row in view where it was when rows are inserted or removed above it.
  const anchor = useRef<{ key: string; index: number } | null>(null);
  useLayoutEffect(() => {
    const el = container.current;
    const previous = anchor.current;
    if (el && previous) {
      const index = keys.indexOf(previous.key);
      const scrolledInto = el.getBoundingClientRect().top < 0;
      if (index !== -1 && index !== previous.index && scrolledInto) window.scrollBy(0, (index - previous.index) * rowHeight);
    }
    const top = el ? Math.floor(Math.max(0, -el.getBoundingClientRect().top) / rowHeight) : 0;
    anchor.current = keys[top] !== undefined ? { key: keys[top], index: top } : null;
  }, [keys, container, rowHeight]);

  // The anchor follows the scroll too (cheap: no layout work beyond the rect read done for the window anyway).
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const top = Math.floor(Math.max(0, -el.getBoundingClientRect().top) / rowHeight);
    anchor.current = keys[top] !== undefined ? { key: keys[top], index: top } : null;
  }, [win.start, win.end]); // eslint-style exhaustiveness not wanted: recomputed when the window moves

  return win;
}
