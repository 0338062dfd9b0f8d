// The explorer page: upload, dataset list, grid view (sort, filters, columns), column statistics, chart builder.
import { createClient, configuredTokens, ApiError, formatBytes } from './api.js';
import { Grid, formatValue } from './grid.js';
import { drawChart } from './charts.js';

// In token mode (GET api/ui-config) every call carries a JWT from the configured token URL.
const tokens = configuredTokens('');
const api = createClient('', { getToken: tokens });
const $ = sel => document.querySelector(sel);
const num = n => (n ?? 0).toLocaleString('en-US');
const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

function bytes(n) {
  if (!n) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  return (n / 1024 ** i).toFixed(i ? 1 : 0) + ' ' + units[i];
}

const OPS = {
  number: [['exact', '='], ['not', '≠'], ['gt', '>'], ['gte', '≥'], ['lt', '<'], ['lte', '≤'], ['between', 'between'],
    ['in', 'in list'], ['isnull', 'is null'], ['notnull', 'is not null']],
  string: [['exact', '='], ['not', '≠'], ['contains', 'contains'], ['icontains', 'contains (any case)'],
    ['startswith', 'starts with'], ['endswith', 'ends with'], ['regex', 'matches regex'], ['in', 'in list'],
    ['notin', 'not in list'], ['isnull', 'is null'], ['notnull', 'is not null']],
  boolean: [['exact', '='], ['isnull', 'is null'], ['notnull', 'is not null']],
};
const opsFor = type => (type === 'string' ? OPS.string : type === 'boolean' ? OPS.boolean : OPS.number);
const opLabel = op => Object.values(OPS).flat().find(([k]) => k === op)?.[1] ?? op;
const NO_VALUE = new Set(['isnull', 'notnull']);
const PLACEHOLDER = { date: 'yyyy-MM-dd', timestamp: 'yyyy-MM-ddTHH:mm:ss', integer: 'number', float: 'number' };

const state = {
  dataset: null, stats: null, sort: [], filters: [], hidden: new Set(), count: 0, activeCol: 0, panel: null, tokenMode: false,
};

// ---------- problems ----------
function showProblem(message, info = false) {
  const el = $('#problem');
  el.textContent = message;
  el.classList.toggle('info', info);
  el.hidden = !message;
}
const problemOf = e => (e instanceof ApiError ? e.message : String(e.message || e));

// ---------- dataset list ----------
let listTimer = 0;
async function refreshList() {
  clearTimeout(listTimer);
  let list;
  try {
    list = (await api.listDatasets()).datasets;
  } catch (e) {
    showProblem(problemOf(e));
    return;
  }
  const ul = $('#dataset-list');
  ul.innerHTML = list.slice().reverse().map(d => `
    <li data-id="${esc(d.id)}" class="${state.dataset?.id === d.id ? 'current' : ''}">
      <span class="ds-name" title="${esc(d.error ? d.name + ': ' + d.error : d.name)}">${esc(d.name)}</span>
      <span class="ds-meta">${num(d.status === 'ready' ? d.rowCount : d.rowsParsed)} rows · ${num(d.columnCount)} columns ·
        ${bytes(d.sizeBytes || d.bytesReceived)} · <span class="status-${esc(d.status)}">${esc(d.status)}</span><br>
        ${esc(new Date(d.createdAt).toLocaleString())}</span>
      <span class="ds-actions">
        <button type="button" data-action="open" ${d.status === 'failed' ? 'disabled' : ''}>Open</button>
        <button type="button" data-action="delete">Delete</button>
      </span>
    </li>`).join('');
  $('#no-datasets').hidden = list.length > 0;
  if (list.some(d => d.status === 'ingesting')) listTimer = setTimeout(refreshList, 2000);
}

$('#dataset-list').addEventListener('click', async e => {
  const action = e.target.closest('[data-action]')?.dataset.action;
  const id = e.target.closest('li')?.dataset.id;
  if (!action || !id) return;
  if (action === 'open') openDataset(id);
  if (action === 'delete') {
    const name = e.target.closest('li').querySelector('.ds-name').textContent;
    if (!confirm(`Delete the dataset "${name}"?`)) return;
    try {
      await api.deleteDataset(id);
      if (state.dataset?.id === id) closeDataset();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) showProblem(problemOf(err));
    }
    refreshList();
  }
});
$('#refresh-list').addEventListener('click', refreshList);

// ---------- upload ----------
let cancelUpload = null;

// The service's limits (upload size ...), asked once; asked again at the next upload if that failed.
let limitsPromise = null;
function loadLimits() {
  if (!limitsPromise) {
    limitsPromise = api.limits().then(limits => {
      $('#upload-limit').textContent = `up to ${formatBytes(limits.maxUploadBytes)}`;
      $('#upload-limit').hidden = false;
      return limits;
    }, () => { limitsPromise = null; return null; });
  }
  return limitsPromise;
}

function setUploadUi(visible) {
  $('#upload-status').hidden = !visible;
}

async function startUpload(file) {
  if (cancelUpload) { showProblem('An upload is already running; cancel it first.'); return; }
  let cancelled = false;
  cancelUpload = () => { cancelled = true; }; // the limits may still be on their way
  showProblem('');
  setUploadUi(true);
  $('#upload-name').textContent = file.name;
  const bytesBar = $('#bytes-bar'), parseBar = $('#parse-bar');
  bytesBar.value = 0;
  parseBar.removeAttribute('value');
  $('#bytes-text').textContent = '0 of ' + bytes(file.size);
  $('#parse-text').textContent = '';
  const limits = await loadLimits();
  if (cancelled) {
    cancelUpload = null;
    setUploadUi(false);
    showProblem('Upload cancelled.', true);
    return;
  }
  const upload = api.upload(file, {
    maxUploadBytes: limits?.maxUploadBytes,
    onProgress(sent, total) {
      bytesBar.value = total ? sent / total : 0;
      $('#bytes-text').textContent = `${bytes(sent)} of ${bytes(total)}`;
    },
  });
  cancelUpload = () => { cancelled = true; upload.abort(); };
  let summary;
  try {
    summary = await upload.promise;
  } catch (e) {
    cancelUpload = null;
    setUploadUi(false);
    const aborted = cancelled || e.name === 'AbortError';
    showProblem(aborted ? 'Upload cancelled.' : 'Upload failed: ' + problemOf(e), aborted);
    refreshList();
    return;
  }
  bytesBar.value = 1;
  $('#bytes-text').textContent = `${bytes(file.size)} of ${bytes(file.size)}`;
  const id = summary.id;
  const discard = async () => {
    try { await api.deleteDataset(id); } catch { /* already gone */ }
  };
  cancelUpload = async () => { cancelled = true; await discard(); };
  // Cancelled while the answer was on its way (too late for the abort): the dataset exists, so delete it.
  if (cancelled) await discard();
  refreshList();
  // Parsing goes on in the service: follow rowsParsed until the dataset is ready or failed.
  while (!cancelled) {
    let s;
    try {
      s = await api.getDataset(id);
    } catch (e) {
      if (cancelled) break;
      showProblem(problemOf(e));
      break;
    }
    $('#parse-text').textContent = `${num(s.rowsParsed)} rows`;
    if (s.status === 'ready') {
      parseBar.value = 1; parseBar.max = 1;
      setUploadUi(false);
      showProblem(`${s.name}: ${num(s.rowCount)} rows, ${num(s.columnCount)} columns` +
        (s.rejectCount ? `, ${num(s.rejectCount)} records repaired` : '') + '.', true);
      cancelUpload = null;
      refreshList();
      openDataset(id);
      return;
    }
    if (s.status === 'failed') {
      setUploadUi(false);
      showProblem('Parsing failed: ' + (s.error || 'unknown error'));
      cancelUpload = null;
      refreshList();
      return;
    }
    await new Promise(r => setTimeout(r, 400));
  }
  cancelUpload = null;
  setUploadUi(false);
  if (cancelled) showProblem('Upload cancelled.', true);
  refreshList();
}

$('#upload-cancel').addEventListener('click', () => cancelUpload?.());
$('#file-input').addEventListener('change', e => {
  const file = e.target.files[0];
  e.target.value = '';
  if (file) startUpload(file);
});
const dropzone = $('#dropzone');
for (const type of ['dragenter', 'dragover']) {
  dropzone.addEventListener(type, e => { e.preventDefault(); dropzone.classList.add('over'); });
}
for (const type of ['dragleave', 'drop']) dropzone.addEventListener(type, () => dropzone.classList.remove('over'));
dropzone.addEventListener('drop', e => {
  e.preventDefault();
  const files = e.dataTransfer?.files;
  if (!files || !files.length) return;
  if (files.length > 1) showProblem('Drop one file at a time.');
  else startUpload(files[0]);
});
dropzone.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') $('#file-input').click(); });
// A file dropped outside the drop zone must not replace the page.
window.addEventListener('dragover', e => e.preventDefault());
window.addEventListener('drop', e => e.preventDefault());

// ---------- grid view ----------
const grid = new Grid($('#grid'), {
  fetchRows: ({ offset, limit, columns }, signal) => {
    const v = view();
    return api.rows(state.dataset.id, { ...v, offset, limit, columns: columns ?? v.columns }, signal);
  },
  on: {
    count: n => { state.count = n; renderCount(); renderStatus(); },
    loaded: () => renderStatus(),
    sort: (col, additive) => toggleSort(col.name, additive),
    filter: (col, anchor) => openFilter(col, anchor),
    stats: col => openStats(col.name),
    menu: (col, at) => openColumnMenu(col, at),
    active: (row, col) => {
      state.activeCol = col;
      renderStatus();
    },
    error: e => showProblem(problemOf(e)),
  },
});
$('#grid').hidden = true;

function renderStatus() {
  const { row, col } = grid.active;
  $('#statusline').textContent = state.count
    ? `Row ${num(row + 1)} of ${num(state.count)} · ${grid.columns[col]?.name ?? ''} · ${num(grid.heldRows())} rows held`
    : '';
}

/** The view the grid shows and the export takes: sort, filters, and the visible columns when some are hidden. */
function view() {
  return {
    sort: state.sort, filters: state.filters,
    columns: state.hidden.size ? visibleColumns().map(c => c.name) : null,
  };
}

function visibleColumns() {
  return state.dataset.columns.filter(c => !state.hidden.has(c.name));
}

/** `columns=` is a comma list: a dataset with a comma (or edge spaces) in a column name cannot hide columns. */
function canHideColumns() {
  return state.dataset.columns.every(c => c.name && !c.name.includes(',') && c.name.trim() === c.name);
}

function columnsForGrid() {
  const statsBy = new Map((state.stats?.columns ?? []).map(c => [c.name, c]));
  return visibleColumns().map(c => {
    const sortIndex = state.sort.findIndex(s => s.column === c.name);
    const st = statsBy.get(c.name);
    // Strings have no histogram: their sparkline shows the counts of the top values.
    const histogram = st?.histogram?.length ? st.histogram
      : st?.topValues?.length > 1 && st.distinctCount <= 50 ? st.topValues : null;
    return {
      name: c.name, type: c.type, histogram,
      sortIndex, desc: sortIndex >= 0 && state.sort[sortIndex].desc, sortCount: state.sort.length,
      filtered: state.filters.some(f => f.column === c.name),
    };
  });
}

function renderCount() {
  const total = state.dataset?.rowCount ?? 0;
  $('#row-count').textContent = state.filters.length
    ? `${num(state.count)} of ${num(total)} rows` : `${num(state.count)} rows`;
  $('#row-count').dataset.count = state.count;
}

function renderChips() {
  // A chip longer than the toolbar ends in an ellipsis; its title holds the whole text.
  const text = t => `<span class="chip-text" title="${esc(t)}">${esc(t)}</span>`;
  const chips = state.filters.map((f, i) => `<span class="chip" data-i="${i}">${text(`${f.column} ${opLabel(f.op)}`
    + (NO_VALUE.has(f.op) ? '' : ` ${f.value}`))}<button type="button" title="Remove filter" data-remove="${i}">✕</button></span>`);
  if (state.sort.length) {
    chips.unshift(`<span class="chip">${text('sort: ' + state.sort.map(s => s.column + (s.desc ? ' ↓' : ' ↑')).join(', '))}`
      + '<button type="button" title="Clear sort" data-clear-sort>✕</button></span>');
  }
  $('#chips').innerHTML = chips.join('');
}

$('#chips').addEventListener('click', e => {
  const remove = e.target.closest('[data-remove]');
  if (remove) { state.filters.splice(Number(remove.dataset.remove), 1); applyView(); }
  if (e.target.closest('[data-clear-sort]')) { state.sort = []; applyView(); }
});

/** The export link follows the view: same filters, sort and columns as the grid (GET .../export). */
function updateExport() {
  if (!state.dataset) { $('#export').hidden = true; return; }
  $('#export-link').href = api.viewUrl(state.dataset.id, 'export', view(), { format: $('#export-format').value });
  $('#export').hidden = false;
}
$('#export-format').addEventListener('change', updateExport);

// A link cannot carry a bearer token: in token mode the export is fetched with it, then saved from a Blob.
$('#export-link').addEventListener('click', async e => {
  if (!state.tokenMode) return;
  e.preventDefault();
  const link = e.currentTarget;
  if (link.dataset.busy) return;
  link.dataset.busy = 'true';
  const label = link.textContent;
  try {
    const { blob, filename } = await api.download(link.href, {
      onProgress: n => { link.textContent = `Exporting ${bytes(n)}…`; },
    });
    saveBlob(blob, filename || 'export.' + $('#export-format').value);
  } catch (err) {
    showProblem('Export failed: ' + problemOf(err));
  } finally {
    link.textContent = label;
    delete link.dataset.busy;
  }
});

function saveBlob(blob, filename) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

let viewGeneration = 0;
/** Applies the current sort and filters: counts first (a bad filter is a 400 shown to the user), then rows. */
async function applyView(previous) {
  const generation = ++viewGeneration;
  renderChips();
  updateExport();
  try {
    const first = await api.rows(state.dataset.id, { offset: 0, limit: 1, ...view() });
    if (generation !== viewGeneration) return;
    if (!$('#problem').classList.contains('info')) showProblem('');
    grid.reset(columnsForGrid(), first.count);
  } catch (e) {
    if (generation !== viewGeneration) return;
    showProblem(problemOf(e));
    if (previous) { Object.assign(state, previous); renderChips(); renderColumnsButton(); updateExport(); }
  }
}

function snapshot() {
  return { sort: state.sort.slice(), filters: state.filters.slice(), hidden: new Set(state.hidden) };
}

function toggleSort(column, additive) {
  const previous = snapshot();
  const i = state.sort.findIndex(s => s.column === column);
  if (additive) {
    if (i < 0) state.sort = [...state.sort, { column, desc: false }];
    else if (!state.sort[i].desc) state.sort = state.sort.map((s, j) => (j === i ? { column, desc: true } : s));
    else state.sort = state.sort.filter((_, j) => j !== i);
  } else if (i >= 0 && state.sort.length === 1) {
    state.sort = state.sort[0].desc ? [] : [{ column, desc: true }];
  } else {
    state.sort = [{ column, desc: false }];
  }
  applyView(previous);
}

async function openDataset(id) {
  closePopover();
  let summary;
  try {
    summary = await api.getDataset(id);
  } catch (e) {
    showProblem(problemOf(e));
    return;
  }
  Object.assign(state, { dataset: summary, stats: null, sort: [], filters: [], hidden: new Set(), count: summary.rowCount });
  $('#dataset-title').textContent = summary.name;
  $('#welcome').hidden = true;
  $('#grid').hidden = false;
  $('#chart-open').disabled = false;
  renderColumnsButton();
  closePanel();
  refreshList();
  await applyView();
  $('#grid').focus();
  try {
    const stats = await api.stats(id);
    if (state.dataset?.id !== id) return;
    state.stats = stats;
    grid.decorate(columnsForGrid());
  } catch { /* statistics are optional decoration of the headers */ }
}

function closeDataset() {
  state.dataset = null;
  $('#dataset-title').textContent = '';
  $('#welcome').hidden = false;
  $('#grid').hidden = true;
  $('#row-count').textContent = '';
  $('#chips').innerHTML = '';
  $('#chart-open').disabled = true;
  $('#columns-open').disabled = true;
  $('#export').hidden = true;
  closePanel();
}

// ---------- filter popover ----------
const popover = $('#popover');
function closePopover() {
  popover.hidden = true;
  popover.innerHTML = '';
  popover.onkeydown = popover.onchange = null;
  popover.className = 'popover';
}

function placePopover(x, y, width = 290) {
  popover.style.left = Math.max(4, Math.min(window.innerWidth - width, x)) + 'px';
  popover.style.top = y + 'px';
  popover.hidden = false;
}

// ---------- columns: hide and show ----------
function setHidden(hidden) {
  const previous = snapshot();
  state.hidden = hidden;
  renderColumnsButton();
  applyView(previous);
}
function hideColumn(name) {
  if (visibleColumns().length <= 1) return;
  setHidden(new Set([...state.hidden, name]));
}

function renderColumnsButton() {
  const b = $('#columns-open');
  b.disabled = !state.dataset;
  b.textContent = state.hidden.size ? `Columns (${state.hidden.size} hidden)` : 'Columns';
}

/** The header's context menu (right-click, or the ContextMenu key / Shift+F10 on the grid). */
function openColumnMenu(col, { x, y }) {
  closePopover();
  const hideable = canHideColumns() && visibleColumns().length > 1;
  popover.className = 'popover menu';
  popover.innerHTML = `<h3>${esc(col.name)} <span class="muted">(${col.type})</span></h3>
    <div role="menu" aria-label="Column ${esc(col.name)}">
      <button type="button" role="menuitem" data-act="asc">Sort ascending</button>
      <button type="button" role="menuitem" data-act="desc">Sort descending</button>
      <button type="button" role="menuitem" data-act="filter">Filter…</button>
      <button type="button" role="menuitem" data-act="stats">Statistics</button>
      <button type="button" role="menuitem" data-act="hide" ${hideable ? '' : 'disabled'}
        title="${hideable ? 'Leave this column out of the grid and the export' : canHideColumns()
          ? 'The last visible column stays' : 'A column name holds a comma: columns cannot be chosen'}">Hide column</button>
    </div>`;
  placePopover(x, y, 200);
  popover.onkeydown = e => { if (e.key === 'Escape') { closePopover(); $('#grid').focus(); } };
  popover.querySelector('[data-act]').focus();
  popover.querySelector('[role=menu]').addEventListener('click', e => {
    const act = e.target.closest('[data-act]')?.dataset.act;
    if (!act) return;
    closePopover();
    if (act === 'asc' || act === 'desc') {
      const previous = snapshot();
      state.sort = [{ column: col.name, desc: act === 'desc' }];
      applyView(previous);
    } else if (act === 'filter') {
      const head = $(`#grid .head-cell[data-col="${grid.columns.findIndex(c => c.name === col.name)}"]`);
      openFilter(col, head || $('#grid'));
    } else if (act === 'stats') {
      openStats(col.name);
    } else if (act === 'hide') {
      hideColumn(col.name);
      $('#grid').focus();
    }
  });
}

/** The Columns menu: every column with a check box (shown or hidden), and Show all. */
function openColumnsMenu(anchor) {
  if (!popover.hidden && popover.classList.contains('columns')) { closePopover(); return; }
  closePopover();
  const hideable = canHideColumns();
  popover.className = 'popover columns';
  popover.innerHTML = `<h3>Columns <span class="muted">(${num(state.dataset.columns.length - state.hidden.size)} of ${num(state.dataset.columns.length)} shown)</span></h3>
    ${hideable ? '' : '<p class="muted">A column name holds a comma: the export cannot choose columns, so all are shown.</p>'}
    <ul class="column-list">${state.dataset.columns.map((c, i) => `<li><label>
      <input type="checkbox" data-i="${i}" ${state.hidden.has(c.name) ? '' : 'checked'} ${hideable ? '' : 'disabled'}>
      <span class="column-name">${esc(c.name)}</span> <span class="type-badge t-${c.type}">${c.type}</span></label></li>`).join('')}</ul>
    <div class="actions"><button type="button" data-act="all" ${state.hidden.size ? '' : 'disabled'}>Show all</button>
      <button type="button" data-act="close">Close</button></div>`;
  const rect = anchor.getBoundingClientRect();
  placePopover(rect.right - 290, rect.bottom + 4);
  const sync = () => {
    const boxes = [...popover.querySelectorAll('input[type=checkbox]')];
    const shown = boxes.filter(b => b.checked);
    // The last visible column stays.
    for (const b of boxes) b.disabled = !hideable || (b.checked && shown.length === 1);
    popover.querySelector('[data-act=all]').disabled = !state.hidden.size;
    popover.querySelector('h3 .muted').textContent =
      `(${num(state.dataset.columns.length - state.hidden.size)} of ${num(state.dataset.columns.length)} shown)`;
  };
  sync();
  popover.onchange = e => {
    const box = e.target.closest('input[type=checkbox]');
    if (!box) return;
    const name = state.dataset.columns[Number(box.dataset.i)].name;
    const hidden = new Set(state.hidden);
    if (box.checked) hidden.delete(name); else hidden.add(name);
    setHidden(hidden);
    sync();
  };
  popover.querySelector('[data-act=all]').addEventListener('click', () => {
    setHidden(new Set());
    for (const b of popover.querySelectorAll('input[type=checkbox]')) b.checked = true;
    sync();
  });
  popover.querySelector('[data-act=close]').addEventListener('click', closePopover);
  popover.onkeydown = e => { if (e.key === 'Escape') closePopover(); };
}
$('#columns-open').addEventListener('click', e => openColumnsMenu(e.currentTarget));

async function openFilter(col, anchor) {
  closePopover();
  const ops = opsFor(col.type);
  const existing = state.filters.find(f => f.column === col.name);
  const listId = 'facet-values';
  popover.innerHTML = `<h3>Filter ${esc(col.name)} <span class="muted">(${col.type})</span></h3>
    <select name="op" aria-label="Operator">${ops.map(([k, l]) => `<option value="${k}">${esc(l)}</option>`).join('')}</select>
    <div class="row value-row">
      ${col.type === 'boolean'
        ? '<select name="value" aria-label="Value"><option>true</option><option>false</option></select>'
        : `<input name="value" type="text" aria-label="Value" list="${listId}" placeholder="${PLACEHOLDER[col.type] || 'value'}">`}
      <input name="value2" type="text" aria-label="Upper bound" placeholder="and" hidden>
    </div>
    <datalist id="${listId}"></datalist>
    <div class="actions"><button type="button" data-act="cancel">Cancel</button>
      <button type="button" class="primary" data-act="apply">Apply</button></div>`;
  const rect = anchor.getBoundingClientRect();
  placePopover(rect.left, rect.bottom + 4);
  const op = popover.querySelector('[name=op]'), value = popover.querySelector('[name=value]');
  const value2 = popover.querySelector('[name=value2]');
  const sync = () => {
    value.hidden = NO_VALUE.has(op.value);
    value2.hidden = op.value !== 'between';
    value.placeholder = op.value === 'in' || op.value === 'notin' ? 'a,b,c' : (PLACEHOLDER[col.type] || 'value');
  };
  if (existing) {
    op.value = existing.op;
    if (existing.op === 'between') [value.value, value2.value] = String(existing.value).split(',');
    else if (!NO_VALUE.has(existing.op)) value.value = existing.value;
  }
  op.addEventListener('change', sync);
  sync();
  const apply = () => {
    const o = op.value;
    let v = NO_VALUE.has(o) ? '1' : value.value.trim();
    if (o === 'between') v = value.value.trim() + ',' + value2.value.trim();
    const previous = snapshot();
    state.filters = state.filters.filter(f => f.column !== col.name).concat({ column: col.name, op: o, value: v });
    closePopover();
    applyView(previous);
  };
  popover.querySelector('[data-act=apply]').addEventListener('click', apply);
  popover.querySelector('[data-act=cancel]').addEventListener('click', closePopover);
  popover.onkeydown = e => {
    if (e.key === 'Enter') apply();
    if (e.key === 'Escape') closePopover();
  };
  (NO_VALUE.has(op.value) ? op : value).focus();
  if (col.type === 'string') {
    try {
      const facets = await api.facets(state.dataset.id, col.name, { limit: 50, filters: state.filters.filter(f => f.column !== col.name) });
      const dl = popover.querySelector('#' + listId);
      if (dl) dl.innerHTML = facets.values.filter(v => v.value !== null)
        .map(v => `<option value="${esc(v.value)}">${num(v.count)}</option>`).join('');
    } catch { /* suggestions are optional */ }
  }
}
document.addEventListener('mousedown', e => {
  if (!popover.hidden && !popover.contains(e.target) && !e.target.closest('.filter-btn, #columns-open')) closePopover();
});

// ---------- side panel: statistics and charts ----------
function openPanel(kind, title) {
  state.panel = kind;
  $('#panel').hidden = false;
  $('#panel').dataset.kind = kind;
  $('#panel-title').textContent = title;
  return $('#panel-body');
}
function closePanel() {
  state.panel = null;
  $('#panel').hidden = true;
  $('#panel-body').innerHTML = '';
}
$('#panel-close').addEventListener('click', closePanel);

function toSeconds(v) {
  if (typeof v === 'number') return v;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? v + 'T00:00:00Z' : (/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : v + 'Z'));
  return t / 1000;
}

async function openStats(column) {
  const body = openPanel('stats', column);
  body.innerHTML = '<p class="muted">Loading statistics…</p>';
  try {
    if (!state.stats) state.stats = await api.stats(state.dataset.id);
  } catch (e) {
    body.innerHTML = `<p class="problem">${esc(problemOf(e))}</p>`;
    return;
  }
  const s = state.stats.columns.find(c => c.name === column);
  if (!s) { body.innerHTML = '<p class="muted">No statistics for this column.</p>'; return; }
  const type = s.type;
  const fmt = v => (v === null || v === undefined ? '–'
    : typeof v === 'number' ? (Math.abs(v) >= 1e5 ? v.toLocaleString('en-US', { maximumFractionDigits: 4 }) : formatValue(v, Number.isInteger(v) && type !== 'float' ? 'integer' : 'float'))
      : esc(formatValue(v, type)));
  const rows = [
    ['type', esc(type)], ['values', num(s.count)], ['nulls', num(s.nullCount)],
    ['distinct', s.distinctCount == null ? '–' : (s.distinctApproximate ? '≈ ' : '') + num(s.distinctCount)],
    ['min', fmt(s.min)], ['max', fmt(s.max)], ['mean', fmt(s.mean)], ['stddev', fmt(s.stddev)], ['sum', fmt(s.sum)],
    ['q1', fmt(s.q1)], ['median', fmt(s.median)], ['q3', fmt(s.q3)],
    ...Object.entries(s.percentiles || {}).map(([k, v]) => [k, fmt(v)]),
    ['zeros', s.zeros == null ? '–' : num(s.zeros)], ['negatives', s.negatives == null ? '–' : num(s.negatives)],
    ['length', s.minLength == null ? '–' : `${s.minLength}–${s.maxLength} (mean ${fmt(s.meanLength)})`],
    ['sort order', esc(s.sortOrder ?? '–')],
  ].filter(([, v]) => v !== '–');
  const top = s.topValues || [];
  const topMax = Math.max(1, ...top.map(t => t.count));
  body.innerHTML = `<table class="stats-table" data-column="${esc(column)}">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>
    ${s.histogram?.length ? '<h3>Histogram</h3><div class="chart" id="stats-hist"></div>' : ''}
    ${top.length ? `<h3>Top values${s.topValuesApproximate ? ' (approximate)' : ''}</h3><ul class="top-values">${top.map(t => `<li><i class="bar" style="width:${(t.count / topMax * 100).toFixed(1)}%"></i>
      <span>${t.value === null ? '<em>null</em>' : esc(formatValue(t.value, type))}</span><span>${num(t.count)}</span></li>`).join('')}</ul>` : ''}
    ${state.stats.source === 'chunks' ? '<p class="muted">Still ingesting: partial statistics.</p>' : ''}`;
  if (s.histogram?.length) {
    const time = type === 'date' || type === 'timestamp';
    const mids = s.histogram.map(b => time ? (toSeconds(b.low) + toSeconds(b.high)) / 2 : (b.low + b.high) / 2);
    try {
      await drawChart($('#stats-hist'), { x: { kind: time ? 'time' : 'number', values: mids }, y: s.histogram.map(b => b.count), type: 'bar', yLabel: 'rows' });
    } catch (e) {
      $('#stats-hist').textContent = 'Chart unavailable: ' + e.message;
    }
  }
}

const AGGS = [['count', 'count rows'], ['count_distinct', 'distinct values of'], ['sum', 'sum of'], ['mean', 'mean of'],
  ['median', 'median of'], ['min', 'min of'], ['max', 'max of']];

function openChartBuilder() {
  const body = openPanel('chart', 'Chart');
  const cols = state.dataset.columns;
  const options = list => list.map(c => `<option value="${esc(c.name)}">${esc(c.name)} (${c.type})</option>`).join('');
  const numeric = cols.filter(c => c.type === 'integer' || c.type === 'float');
  const preferred = cols.find(c => c.type === 'date' || c.type === 'timestamp') || cols.find(c => c.type === 'string') || cols[0];
  body.innerHTML = `<form class="chart-form" id="chart-form">
      <label for="chart-group">Group by</label><select id="chart-group" name="group">${options(cols)}</select>
      <label for="chart-bucket">Date bucket</label><select id="chart-bucket" name="bucket">
        ${['year', 'quarter', 'month', 'week', 'day', 'hour'].map(b => `<option ${b === 'month' ? 'selected' : ''}>${b}</option>`).join('')}</select>
      <label for="chart-fn">Aggregate</label><select id="chart-fn" name="fn">${AGGS.map(([k, l]) => `<option value="${k}">${l}</option>`).join('')}</select>
      <label for="chart-col">Column</label><select id="chart-col" name="col">${options(numeric.length ? numeric : cols)}</select>
      <label for="chart-type">Chart</label><select id="chart-type" name="type"><option value="bar">bar</option><option value="line">line</option></select>
      <span class="actions"><button type="submit" class="primary" id="chart-draw">Draw</button></span>
    </form>
    <div class="chart" id="chart"></div><p class="chart-note" id="chart-note"></p>`;
  const form = $('#chart-form');
  form.group.value = preferred.name;
  const sync = () => {
    const g = cols.find(c => c.name === form.group.value);
    form.bucket.disabled = !(g.type === 'date' || g.type === 'timestamp');
    form.col.disabled = form.fn.value === 'count';
  };
  form.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', e => { e.preventDefault(); drawGroupChart(form); });
}
$('#chart-open').addEventListener('click', openChartBuilder);

async function drawGroupChart(form) {
  const g = state.dataset.columns.find(c => c.name === form.group.value);
  const time = g.type === 'date' || g.type === 'timestamp';
  const fn = form.fn.value;
  const aggregate = fn === 'count' ? { fn: 'count', as: 'value' } : { fn, column: form.col.value, as: 'value' };
  const query = {
    filters: state.filters.map(f => ({ column: f.column, op: f.op, value: f.value })),
    groupBy: [time ? { column: g.name, bucket: form.bucket.value } : g.name],
    aggregates: [aggregate],
    limit: 1000,
  };
  if (!time && g.type === 'string') query.sort = ['-value'];
  const note = $('#chart-note'), chart = $('#chart');
  note.textContent = 'Querying…';
  let answer;
  try {
    answer = await api.query(state.dataset.id, query);
  } catch (e) {
    note.textContent = problemOf(e);
    return;
  }
  const rows = answer.rows.filter(r => !(time && r[0] === null));
  const numericKey = g.type === 'integer' || g.type === 'float';
  const x = time ? { kind: 'time', values: rows.map(r => toSeconds(r[0])) }
    : numericKey && rows.every(r => r[0] !== null) ? { kind: 'number', values: rows.map(r => r[0]) }
      : { kind: 'category', values: rows.map(r => r[0]), labels: rows.map(r => (r[0] === null ? 'null' : String(r[0]))) };
  try {
    await drawChart(chart, { x, y: rows.map(r => r[1]), type: form.type.value, yLabel: aggregate.fn });
  } catch (e) {
    note.textContent = 'Chart unavailable: ' + e.message;
    return;
  }
  chart.dataset.groups = answer.groups;
  note.textContent = `${num(answer.groups)} groups over ${num(answer.count)} rows` +
    (answer.groups > rows.length ? ` (first ${num(rows.length)} shown)` : '') + '.';
}

// ---------- theme ----------
function renderThemeButton() {
  $('#theme-toggle span').textContent = document.documentElement.dataset.theme === 'dark' ? 'Light' : 'Dark';
}
$('#theme-toggle').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('explorer.theme', next);
  renderThemeButton();
  if (state.panel === 'stats') openStats($('#panel-title').textContent);
  if (state.panel === 'chart' && $('#chart canvas')) drawGroupChart($('#chart-form'));
});
renderThemeButton();

tokens.config().then(c => {
  state.tokenMode = c.authMode === 'token';
  if (state.tokenMode && !c.tokenUrl) {
    showProblem('This service needs a token (auth.mode=token) and names no place to get one (ui.token.url).');
  }
}, () => { /* the first call reports the service unreachable */ });
refreshList();
loadLimits();
