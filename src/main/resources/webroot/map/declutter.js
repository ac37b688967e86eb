/*
 * Keeps the map's markers apart on a small screen, so each can be read and tapped with a glove:
 * a counted cluster or a numbered marker of the nearest list that would cover one drawn before it
 * is moved off it, around its own place. The marker keeps its position (a tap still opens or zooms
 * to the same place); only its icon is drawn aside. A pure function over screen points.
 */

/**
 * Screen offsets {dx, dy} for square markers at `points` ({x, y, size} in CSS pixels), in order:
 * the first stays where it is; each next one stays too unless it would cover one placed before
 * (or one of `fixed`, boxes already drawn that stay where they are: {x, y, size} or {x, y, w, h}),
 * then it moves to the nearest free spot on rings around its place (one size apart).
 */
export function spreadApart(points, fixed) {
  const placed = (fixed || []).slice();
  const offsets = [];
  for (const p of points) {
    const size = p.size;
    let chosen = { dx: 0, dy: 0 };
    search: for (let ring = 0; ring <= 6; ring++) {
      const steps = ring === 0 ? 1 : 8 * ring;
      for (let k = 0; k < steps; k++) {
        const angle = (2 * Math.PI * k) / steps - Math.PI / 2;
        const o = { dx: Math.round(ring * size * Math.cos(angle)), dy: Math.round(ring * size * Math.sin(angle)) };
        const x = p.x + o.dx;
        const y = p.y + o.dy;
        const clear = (q) =>
          Math.abs(q.x - x) >= ((q.w || q.size) + size) / 2 + 2 ||
          Math.abs(q.y - y) >= ((q.h || q.size) + size) / 2 + 2;
        if (placed.every(clear)) {
          chosen = o;
          break search;
        }
      }
    }
    offsets.push(chosen);
    placed.push({ x: p.x + chosen.dx, y: p.y + chosen.dy, size: size });
  }
  return offsets;
}
