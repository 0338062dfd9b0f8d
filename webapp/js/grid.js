// A virtualised data grid: only the visible rows and columns are in the DOM, and only the tiles of rows
// (TILE_ROWS rows x a block of columns) around the viewport are fetched and kept (at most MAX_TILES).
// The scrollbar spans every row; past MAX_SCROLL_PX the scroll space is scaled (a pixel of scrollbar is
// then worth several rows) so that any row count fits in what browsers can scroll.

export const ROW_HEIGHT = 28;
const GUTTER = 84;
const TILE_ROWS = 200;
const COL_BLOCK = 32;
const MAX_TILES = 16;
const PREFETCH_ROWS = 100;
const MAX_SCROLL_PX = 10_000_000;
const MAX_CONCURRENT = 4;
const FETCH_DELAY_MS = 40;

const WIDTH_BY_TYPE = { integer: 110, float: 120, boolean: 80, date: 116, timestamp: 190, string: 180 };

const FUNNEL = '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1 2h14l-5.5 6.5V14l-3-1.5v-4z"/></svg>';
const BARS = '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1 14h14v1.5H1zM2 8h3v5H2zM6.5 3h3v10h-3zM11 6h3v7h-3z"/></svg>';
const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

export function formatValue(v, type) {
  if (v === null || v === undefined) return null;
  if (type === 'float' && typeof v === 'number') {
    return Number.isInteger(v) ? v.toFixed(1) : String(Math.round(v * 1e6) / 1e6);
  }
  if (type === 'timestamp' && typeof v === 'string') return v.replace('T', ' ');
  return String(v);
}

function sparkline(histogram) {
  if (!histogram || !histogram.length) return '';
  const max = Math.max(...histogram.map(b => b.count)) || 1;
  const w = 100 / histogram.length;
  const bars = histogram.map((b, i) => {
    const h = Math.max(b.count ? 1 : 0, Math.round(b.count / max * 14));
    return `<rect x="${(i * w).toFixed(2)}" y="${14 - h}" width="${(w * 0.85).toFixed(2)}" height="${h}"/>`;
  }).join('');
  return `<svg class="spark" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">${bars}</svg>`;
}

export class Grid {
  /**
   * `fetchRows({offset, limit, columns}, signal)` answers `{count, columns, rows}`;
   * `on` = {sort(column, additive), filter(column, anchor), stats(column), menu(column, {x, y}), active(row, col),
   * count(n)}.
   */
  constructor(root, { fetchRows, on }) {
    this.root = root;
    this.fetchRows = fetchRows;
    this.on = on;
    root.classList.add('grid');
    root.tabIndex = 0;
    root.innerHTML = `<div class="grid-header" role="row"></div>
      <div class="grid-viewport"><div class="grid-content"><div class="grid-canvas" role="rowgroup"></div></div></div>
      <div class="grid-empty" hidden>No rows match.</div>`;
    this.header = root.querySelector('.grid-header');
    this.viewport = root.querySelector('.grid-viewport');
    this.content = root.querySelector('.grid-content');
    this.canvas = root.querySelector('.grid-canvas');
    this.empty = root.querySelector('.grid-empty');
    this.columns = [];
    this.count = 0;
    this.topRow = 0;
    this.active = { row: 0, col: 0 };
    this.tiles = new Map();
    this.generation = 0;
    this.pending = new Map();
    this.fetchTimer = 0;
    this.frame = 0;
    this.lastScrollTop = -1;
    this.headerVersion = 0;
    this.headerKey = '';

    this.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    root.addEventListener('keydown', e => this.onKey(e));
    this.canvas.addEventListener('mousedown', e => {
      const cell = e.target.closest('[data-col]');
      const row = e.target.closest('[data-row]');
      if (cell && row) this.setActive(Number(row.dataset.row), Number(cell.dataset.col), false);
    });
    this.header.addEventListener('click', e => this.onHeaderClick(e));
    this.header.addEventListener('contextmenu', e => {
      const cell = e.target.closest('[data-col]');
      if (!cell) return;
      e.preventDefault();
      this.on.menu?.(this.columns[Number(cell.dataset.col)], { x: e.clientX, y: e.clientY });
    });
    new ResizeObserver(() => this.layout()).observe(this.viewport);
  }

  /** A new view (dataset, sort or filters changed): `columns` = [{name, type, histogram, sort, filtered}]. */
  reset(columns, count) {
    this.generation++;
    for (const p of this.pending.values()) p.abort();
    this.pending.clear();
    this.tiles.clear();
    this.columns = columns.map(c => ({
      ...c, width: c.width || Math.min(320, Math.max(WIDTH_BY_TYPE[c.type] || 150, c.name.length * 8 + 76)),
    }));
    this.lefts = [];
    let x = 0;
    for (const c of this.columns) { this.lefts.push(x); x += c.width; }
    this.totalWidth = x;
    this.headerVersion++;
    this.blocks = this.columns.length <= 2 * COL_BLOCK || this.columns.some(c => c.name.includes(','))
      ? 1 : Math.ceil(this.columns.length / COL_BLOCK);
    this.topRow = 0;
    this.active = { row: 0, col: Math.min(this.active.col, Math.max(0, this.columns.length - 1)) };
    this.viewport.scrollTop = 0;
    this.setCount(count ?? 0);
    this.on.active?.(this.active.row, this.active.col);
  }

  /** Updates header decorations (sort arrows, filter marks, sparklines) without dropping the rows. */
  decorate(columns) {
    this.columns = this.columns.map((c, i) => ({ ...c, ...columns[i], width: c.width }));
    this.headerVersion++;
    this.renderHeader();
  }

  setCount(count) {
    this.count = count;
    this.on.count?.(count);
    this.layout();
  }

  get bodyHeight() { return this.viewport.clientHeight; }
  get visibleRows() { return this.bodyHeight / ROW_HEIGHT; }
  get realHeight() { return this.count * ROW_HEIGHT; }
  get scaled() { return this.realHeight > MAX_SCROLL_PX; }
  get maxTopRow() { return Math.max(0, this.count - this.visibleRows); }
  get maxScrollTop() { return Math.max(0, this.content.offsetHeight - this.bodyHeight); }

  layout() {
    this.content.style.height = Math.min(this.realHeight, MAX_SCROLL_PX) + 'px';
    this.content.style.width = (GUTTER + (this.totalWidth || 0)) + 'px';
    this.canvas.style.width = this.viewport.clientWidth + 'px';
    this.canvas.style.height = this.bodyHeight + 'px';
    this.empty.hidden = this.count > 0 || !this.columns.length;
    this.topRow = Math.min(this.topRow, this.maxTopRow);
    this.syncScroll();
    this.schedule();
  }

  scrollTopFor(topRow) {
    if (!this.scaled) return topRow * ROW_HEIGHT;
    return this.maxTopRow ? topRow / this.maxTopRow * this.maxScrollTop : 0;
  }

  syncScroll() {
    const target = Math.round(this.scrollTopFor(this.topRow));
    if (Math.abs(this.viewport.scrollTop - target) >= 1) {
      this.viewport.scrollTop = target;
    }
    this.lastScrollTop = this.viewport.scrollTop;
  }

  onScroll() {
    const st = this.viewport.scrollTop;
    // A scroll we caused ourselves (keyboard, in a scaled space) keeps the exact row we asked for.
    if (Math.abs(st - this.lastScrollTop) >= 1) {
      this.topRow = this.scaled
        ? (this.maxScrollTop ? st / this.maxScrollTop * this.maxTopRow : 0)
        : st / ROW_HEIGHT;
      this.topRow = Math.max(0, Math.min(this.topRow, this.maxTopRow));
      this.lastScrollTop = st;
    }
    this.schedule();
  }

  schedule() {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
    }
  }

  visibleColumns() {
    const left = this.viewport.scrollLeft;
    const right = left + this.viewport.clientWidth - GUTTER;
    const out = [];
    for (let i = 0; i < this.columns.length; i++) {
      const l = this.lefts[i];
      if (l + this.columns[i].width > left && l < right) out.push(i);
      else if (l >= right) break;
    }
    return out;
  }

  blockOf(col) { return this.blocks === 1 ? 0 : Math.floor(col / COL_BLOCK); }

  render() {
    this.renderHeader();
    const first = Math.floor(this.topRow);
    const shift = (this.topRow - first) * ROW_HEIGHT;
    const last = Math.min(this.count, first + Math.ceil(this.visibleRows) + 1);
    const cols = this.visibleColumns();
    const left = this.viewport.scrollLeft;
    const html = [];
    for (let r = first; r < last; r++) {
      const y = (r - first) * ROW_HEIGHT - shift;
      const activeRow = r === this.active.row;
      html.push(`<div class="grid-row${r % 2 ? ' odd' : ''}${activeRow ? ' active-row' : ''}" role="row" data-row="${r}" style="transform:translateY(${y}px)">`);
      html.push(`<div class="gutter">${(r + 1).toLocaleString('en-US')}</div>`);
      for (const c of cols) {
        const col = this.columns[c];
        const row = this.rowAt(r, c);
        let text, cls = 'cell t-' + col.type;
        if (row === undefined) { text = ''; cls += ' loading'; } else {
          const v = formatValue(row, col.type);
          if (v === null) { text = 'null'; cls += ' null'; } else text = esc(v);
        }
        if (activeRow && c === this.active.col) cls += ' active';
        html.push(`<div class="${cls}" role="gridcell" data-col="${c}" style="left:${GUTTER + this.lefts[c] - left}px;width:${col.width}px">${text}</div>`);
      }
      html.push('</div>');
    }
    this.canvas.innerHTML = html.join('');
    this.requestTiles(first, last, cols);
  }

  rowAt(r, c) {
    const tile = this.tiles.get(this.tileKey(Math.floor(r / TILE_ROWS), this.blockOf(c)));
    if (!tile || !tile.rows) return undefined;
    const row = tile.rows[r - tile.offset];
    if (!row) return undefined;
    return row[tile.index.get(c)];
  }

  tileKey(page, block) { return page + ':' + block; }

  requestTiles(first, last, cols) {
    if (!this.columns.length || this.count === 0) return;
    const from = Math.max(0, Math.floor((first - PREFETCH_ROWS) / TILE_ROWS));
    const to = Math.floor(Math.max(0, Math.min(this.count - 1, last + PREFETCH_ROWS)) / TILE_ROWS);
    const blocks = [...new Set(cols.map(c => this.blockOf(c)))];
    if (!blocks.length) blocks.push(0);
    // Visible tiles first, then the prefetch margin.
    const firstPage = Math.floor(first / TILE_ROWS), lastPage = Math.floor(Math.max(first, last - 1) / TILE_ROWS);
    const wanted = [];
    for (let p = firstPage; p <= lastPage; p++) for (const b of blocks) wanted.push(this.tileKey(p, b));
    for (let p = from; p <= to; p++) for (const b of blocks) {
      const k = this.tileKey(p, b);
      if (!wanted.includes(k)) wanted.push(k);
    }
    this.wanted = new Set(wanted);
    for (const [k, ctl] of this.pending) {
      if (!this.wanted.has(k)) { ctl.abort(); this.pending.delete(k); }
    }
    clearTimeout(this.fetchTimer);
    this.fetchTimer = setTimeout(() => this.fetchWanted(wanted), this.pending.size ? FETCH_DELAY_MS : 0);
  }

  fetchWanted(wanted) {
    for (const k of wanted) {
      if (this.pending.size >= MAX_CONCURRENT) break;
      if (this.tiles.has(k) || this.pending.has(k)) continue;
      this.fetchTile(k);
    }
  }

  fetchTile(key) {
    const [page, block] = key.split(':').map(Number);
    const generation = this.generation;
    const ctl = new AbortController();
    this.pending.set(key, ctl);
    const colIdx = [];
    if (this.blocks === 1) for (let i = 0; i < this.columns.length; i++) colIdx.push(i);
    else for (let i = block * COL_BLOCK; i < Math.min(this.columns.length, (block + 1) * COL_BLOCK); i++) colIdx.push(i);
    const offset = page * TILE_ROWS;
    const names = this.blocks === 1 ? null : colIdx.map(i => this.columns[i].name);
    this.fetchRows({ offset, limit: TILE_ROWS, columns: names }, ctl.signal).then(answer => {
      if (generation !== this.generation) return;
      this.pending.delete(key);
      const index = new Map();
      colIdx.forEach((c, j) => index.set(c, j));
      this.tiles.set(key, { offset, rows: answer.rows, index });
      this.evict();
      if (answer.count !== this.count) this.setCount(answer.count);
      this.on.loaded?.();
      this.schedule();
      if (this.wanted) this.fetchWanted([...this.wanted]);
    }, error => {
      if (generation !== this.generation || error.name === 'AbortError') return;
      this.pending.delete(key);
      this.on.error?.(error);
    });
  }

  evict() {
    if (this.tiles.size <= MAX_TILES) return;
    for (const k of this.tiles.keys()) {
      if (this.tiles.size <= MAX_TILES) break;
      if (!this.wanted || !this.wanted.has(k)) this.tiles.delete(k);
    }
  }

  /** Rows currently held in memory (for tests and the status line). */
  heldRows() {
    let n = 0;
    for (const t of this.tiles.values()) n += t.rows.length;
    return n;
  }

  renderHeader() {
    const cols = this.visibleColumns();
    const left = this.viewport.scrollLeft;
    // Only when something it shows changed: a header re-created under the pointer would lose the click.
    const key = [left, this.headerVersion, this.active.col, cols.join(',')].join('|');
    if (key === this.headerKey) return;
    this.headerKey = key;
    const html = [`<div class="gutter head">#</div>`];
    for (const c of cols) {
      const col = this.columns[c];
      const sortIdx = (col.sortIndex ?? -1);
      const arrow = sortIdx >= 0 ? `<span class="sort-mark">${col.desc ? '▼' : '▲'}${col.sortCount > 1 ? sortIdx + 1 : ''}</span>` : '';
      html.push(`<div class="head-cell${c === this.active.col ? ' active' : ''}" role="columnheader" data-col="${c}" title="${esc(col.name)} (${col.type}) - click to sort, shift-click to add a sort key, right-click for more" style="left:${GUTTER + this.lefts[c] - left}px;width:${col.width}px">
        <div class="head-top"><span class="head-name">${esc(col.name)}</span>${arrow}
          <button class="icon filter-btn${col.filtered ? ' on' : ''}" data-action="filter" title="Filter ${esc(col.name)}" aria-label="Filter ${esc(col.name)}">${FUNNEL}</button>
          <button class="icon stats-btn" data-action="stats" title="Statistics of ${esc(col.name)}" aria-label="Statistics of ${esc(col.name)}">${BARS}</button></div>
        <div class="head-bottom"><span class="type-badge t-${col.type}">${col.type}</span>${sparkline(col.histogram)}</div></div>`);
    }
    this.header.innerHTML = html.join('');
  }

  onHeaderClick(e) {
    const cell = e.target.closest('[data-col]');
    if (!cell) return;
    const col = this.columns[Number(cell.dataset.col)];
    const action = e.target.closest('[data-action]')?.dataset.action;
    if (action === 'filter') this.on.filter?.(col, e.target);
    else if (action === 'stats') this.on.stats?.(col);
    else this.on.sort?.(col, e.shiftKey);
  }

  setActive(row, col, scroll = true) {
    row = Math.max(0, Math.min(this.count - 1, row));
    col = Math.max(0, Math.min(this.columns.length - 1, col));
    this.active = { row, col };
    if (scroll) {
      const full = Math.max(1, Math.floor(this.visibleRows));
      if (row < this.topRow) this.topRow = row;
      else if (row >= this.topRow + full) this.topRow = Math.min(this.maxTopRow, row - full + 1);
      this.syncScroll();
      const l = this.lefts[col], w = this.columns[col].width, vw = this.viewport.clientWidth - GUTTER;
      if (l < this.viewport.scrollLeft) this.viewport.scrollLeft = l;
      else if (l + w > this.viewport.scrollLeft + vw) this.viewport.scrollLeft = l + w - vw;
    }
    this.on.active?.(row, col);
    this.schedule();
  }

  /** Scrolls so that `row` is the first visible row (or as close as the end allows). */
  scrollToRow(row) {
    this.topRow = Math.max(0, Math.min(row, this.maxTopRow));
    this.syncScroll();
    this.schedule();
  }

  onKey(e) {
    if (!this.count || e.target.closest('input, select, textarea, button:not(.grid)')) return;
    const page = Math.max(1, Math.floor(this.visibleRows) - 1);
    const { row, col } = this.active;
    const moves = {
      ArrowDown: [row + 1, col], ArrowUp: [row - 1, col], ArrowLeft: [row, col - 1], ArrowRight: [row, col + 1],
      PageDown: [row + page, col], PageUp: [row - page, col],
      Home: e.ctrlKey ? [0, col] : [row, 0], End: e.ctrlKey ? [this.count - 1, col] : [row, this.columns.length - 1],
    };
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const head = this.header.querySelector(`[data-col="${col}"]`)?.getBoundingClientRect();
      if (head) this.on.menu?.(this.columns[col], { x: head.left, y: head.bottom + 4 });
      return;
    }
    const to = moves[e.key];
    if (!to) return;
    e.preventDefault();
    this.setActive(to[0], to[1]);
  }
}
