// Dragging a block with any pointer (mouse, pen, touch): the whole block moves it, the bottom handle resizes it.
// The pointer is captured so the drag survives leaving the block; the day column under the pointer at the drop
// decides the day (week view). A press that barely moves is a click (it opens the entry), not a drag.
import { useRef, useState, type PointerEvent } from 'react';
import { pxToSeconds, snap } from './calendar-layout.js';

export type DragMode = 'move' | 'resize';

export interface DragPreview {
  mode: DragMode;
  /** Snapped seconds the start (move) or the end (resize) has shifted by. */
  delta: number;
  /** Horizontal pixels, so the block follows the pointer into another day. */
  dx: number;
}

export interface Drop {
  mode: DragMode;
  delta: number;
  /** The `data-day-start` of the column under the pointer, if any. */
  targetDayStart: number | null;
}

/** Pixels a press may wander and still be a click. */
const CLICK_SLOP = 4;

function dayStartUnder(x: number, y: number): number | null {
  const column = document.elementsFromPoint(x, y).find((el) => el instanceof HTMLElement && el.dataset.dayStart !== undefined) as
    HTMLElement | undefined;
  return column ? Number(column.dataset.dayStart) : null;
}

export function useBlockDrag(onDrop: (drop: Drop) => void, onClick: () => void) {
  const [preview, setPreview] = useState<DragPreview | null>(null);
  const origin = useRef<{ x: number; y: number; id: number; mode: DragMode; moved: boolean } | null>(null);

  const start = (mode: DragMode) => (e: PointerEvent<HTMLElement>) => {
    if (e.button !== 0 || origin.current) return;
    e.stopPropagation();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    origin.current = { x: e.clientX, y: e.clientY, id: e.pointerId, mode, moved: false };
  };

  const move = (e: PointerEvent<HTMLElement>) => {
    const o = origin.current;
    if (!o || o.id !== e.pointerId) return;
    const dx = e.clientX - o.x;
    const dy = e.clientY - o.y;
    if (!o.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
    o.moved = true;
    setPreview({ mode: o.mode, delta: snap(pxToSeconds(dy)), dx: o.mode === 'move' ? dx : 0 });
  };

  const end = (e: PointerEvent<HTMLElement>) => {
    const o = origin.current;
    if (!o || o.id !== e.pointerId) return;
    origin.current = null;
    setPreview(null);
    if (!o.moved) {
      if (o.mode === 'move') onClick();
      return;
    }
    const delta = snap(pxToSeconds(e.clientY - o.y));
    onDrop({ mode: o.mode, delta, targetDayStart: o.mode === 'move' ? dayStartUnder(e.clientX, e.clientY) : null });
  };

  const cancel = (e: PointerEvent<HTMLElement>) => {
    if (origin.current?.id !== e.pointerId) return;
    origin.current = null;
    setPreview(null);
  };

  /** Spread on the block; `handle` on its resize grip. */
  const handlers = { onPointerDown: start('move'), onPointerMove: move, onPointerUp: end, onPointerCancel: cancel };
  const handle = { onPointerDown: start('resize') };
  return { preview, handlers, handle, dragging: preview !== null };
}
