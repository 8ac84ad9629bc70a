// Wide tables: docs/wide_content.py puts each table in `.table-frame > [.table-hint, .table-scroll > table]`. A frame whose
// table is wider than the column is marked `overflows` (site.css then draws the frame, the hint and the edge shadows) and its
// scroller becomes keyboard-focusable; `at-start`/`at-end` say which edge shadows to draw. Checked again on every resize.
(() => {
  const update = frame => {
    const s = frame.querySelector(':scope > .table-scroll');
    if (!s) return;
    const over = s.scrollWidth > s.clientWidth + 1;
    frame.classList.toggle('overflows', over);
    frame.classList.toggle('at-start', s.scrollLeft <= 1);
    frame.classList.toggle('at-end', s.scrollLeft + s.clientWidth >= s.scrollWidth - 1);
    if (over) { s.tabIndex = 0; s.setAttribute('role', 'region'); s.setAttribute('aria-label', 'wide table, scrolls sideways'); }
    else { s.removeAttribute('tabindex'); s.removeAttribute('role'); s.removeAttribute('aria-label'); }
  };
  const init = () => {
    const frames = [...document.querySelectorAll('.table-frame')];
    const ro = 'ResizeObserver' in window ? new ResizeObserver(es => es.forEach(e => update(e.target.closest('.table-frame')))) : null;
    for (const f of frames) {
      const s = f.querySelector(':scope > .table-scroll');
      if (!s) continue;
      s.addEventListener('scroll', () => update(f), {passive: true});
      if (ro) { ro.observe(s); if (s.firstElementChild) ro.observe(s.firstElementChild); }
      update(f);
    }
    if (!ro) window.addEventListener('resize', () => frames.forEach(update));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
