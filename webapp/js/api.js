// A small client for the data service API. Plain ES module, no dependencies: the explorer page uses it,
// and another front end can import it as is. Every URL is relative to `base` (default: the directory of
// the page), so it works at any context path and behind a proxy.

/** An HTTP error carrying the RFC 9457 problem the service answered (`title`, `detail`, `line`, ...). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describeProblem(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || {};
  }
}

/** A one-line, human message for a problem: what went wrong and where (line/column) if the service said. */
export function describeProblem(status, problem) {
  const p = problem || {};
  if (status === 0) return p.detail ? p.title + ': ' + p.detail : 'The service could not be reached (network error).';
  if (status === 413) return 'The file is too large for this service' + (p.detail ? ': ' + p.detail : '.');
  if (status === 429) return 'Too many uploads are running; try again in a moment.';
  let text = p.title || ('HTTP ' + status);
  if (p.detail && p.detail !== p.title) text += ': ' + p.detail;
  const where = [];
  if (p.line != null) where.push('line ' + p.line);
  if (p.column != null) where.push('column ' + p.column);
  if (p.parameter != null) where.push('parameter ' + p.parameter);
  if (where.length) text += ' (' + where.join(', ') + ')';
  if (p.errorId) text += ' [error ' + p.errorId + ']';
  return text;
}

/** `12345678` → `11.8 MB` (powers of 1024, like the service's settings). */
export function formatBytes(n) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0, v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(v < 10 && v !== Math.floor(v) ? 1 : 0)) + ' ' + units[i];
}

/** The 413 problem of a file over the upload limit, worded like the service's own. */
function tooLarge(size, limit) {
  const e = new ApiError(413, {
    type: 'about:blank', title: 'Upload too large', status: 413,
    detail: `The upload is ${size} bytes; the limit is ${limit} bytes (${formatBytes(limit)})`,
  });
  e.local = true;
  return e;
}

/**
 * A network error in the middle of an upload. The likely cause is a 413 the browser could not read: the
 * service answers as soon as it counts more than the limit (after decompression) and closes the connection
 * while the browser is still sending.
 */
function cutUpload(sent, size, limit) {
  return new ApiError(0, {
    title: 'The connection closed during the upload',
    detail: `after ${formatBytes(sent)} of ${formatBytes(size)}. The service refuses uploads over ${limit} bytes`
      + ` (${formatBytes(limit)}, counted after decompression); a larger file is cut off this way`,
  });
}

/** Query parameters of a rows request: `sort`, Datasette-style filters, `columns`. */
export function viewParams({ sort = [], filters = [], columns = null } = {}) {
  const params = new URLSearchParams();
  if (sort.length) params.set('sort', sort.map(s => (s.desc ? '-' : '') + s.column).join(','));
  for (const f of filters) {
    const value = Array.isArray(f.value) ? JSON.stringify(f.value) : String(f.value ?? '');
    params.append(f.op && f.op !== 'exact' ? f.column + '__' + f.op : f.column, value);
  }
  if (columns && columns.length) params.set('columns', columns.join(','));
  return params;
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/**
 * Creates a client. `base` is where the service's routes start, relative to the page (default `''`: the
 * page is served by the service itself, e.g. at `/data/`).
 */
export function createClient(base = '') {
  const url = path => base + path;
  const ds = id => url('api/datasets/' + encodeURIComponent(id));

  async function get(path, signal) {
    let response;
    try {
      response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, null);
    }
    return parse(response);
  }

  return {
    /**
     * The limits the service enforces: `{maxUploadBytes, maxConcurrentUploads, maxColumns, maxFieldBytes,
     * maxRecordBytes, pageSizeMax, sampleRowsMax, readOnly}`. Pass `maxUploadBytes` to `upload`.
     */
    limits: signal => get(url('api/limits'), signal),
    /** `{datasets:[summary...]}`, oldest first. */
    listDatasets: signal => get(url('api/datasets'), signal),
    /** The summary: `{id, name, status, rowsParsed, bytesReceived, rowCount, columns, error, ...}`. */
    getDataset: (id, signal) => get(ds(id), signal),
    /** Deletes a dataset (also stops an upload that is still being parsed). */
    deleteDataset: async id => parse(await fetch(ds(id), { method: 'DELETE' })),
    schema: (id, signal) => get(ds(id) + '/schema', signal),
    stats: (id, signal) => get(ds(id) + '/stats', signal),

    /**
     * A page of rows: `{count, columns, rows}` (rows are arrays in `columns` order).
     * `view` = `{sort:[{column, desc}], filters:[{column, op, value}], columns:[names]}`.
     */
    rows(id, { offset = 0, limit = 100, ...view } = {}, signal) {
      const params = viewParams(view);
      params.set('offset', offset);
      params.set('limit', limit);
      return get(ds(id) + '/rows?' + params, signal);
    },

    /** Most frequent values of a column under the view's filters: `{column, count, distinct, values:[{value, count}]}`. */
    facets(id, column, { limit = 20, filters = [] } = {}, signal) {
      const params = viewParams({ filters });
      params.set('limit', limit);
      return get(ds(id) + '/facets/' + encodeURIComponent(column) + '?' + params, signal);
    },

    /** `POST .../query` (rows or a group-by, see the README). */
    async query(id, body, signal) {
      let response;
      try {
        response = await fetch(ds(id) + '/query', {
          method: 'POST', signal, body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        });
      } catch (e) {
        if (e.name === 'AbortError') throw e;
        throw new ApiError(0, null);
      }
      return parse(response);
    },

    /** The URL of `GET .../{id}/{route}?view` (e.g. an export link of the current view). */
    viewUrl: (id, route, view = {}, extra = {}) => {
      const params = viewParams(view);
      for (const [k, v] of Object.entries(extra)) params.set(k, v);
      const q = params.toString();
      return ds(id) + '/' + route + (q ? '?' + q : '');
    },

    /**
     * Uploads a file (raw body) with `wait=false`: the promise resolves with the summary once the body is
     * received; parsing goes on, poll `getDataset` for `rowsParsed` and `status`.
     * `onProgress(sent, total)` follows the bytes; returns `{promise, abort}`.
     * With `maxUploadBytes` (from `limits()`), a larger file is refused at once with the 413 problem the
     * service would answer, without sending a byte; and a connection that closes while the body is sent (the
     * service's 413 for a gzip file that grows past the limit, which a browser still sending cannot read)
     * rejects with an `ApiError` (status 0) whose message names the limit.
     */
    upload(file, { name = file.name, params = {}, onProgress, maxUploadBytes = null } = {}) {
      if (maxUploadBytes != null && file.size > maxUploadBytes) {
        return { promise: Promise.reject(tooLarge(file.size, maxUploadBytes)), abort: () => {} };
      }
      const xhr = new XMLHttpRequest();
      const query = new URLSearchParams({ wait: 'false', name, ...params });
      let sent = 0;
      const promise = new Promise((resolve, reject) => {
        xhr.open('POST', url('api/datasets?' + query));
        xhr.setRequestHeader('Content-Type', file.type || 'text/csv');
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.upload.onprogress = e => {
          sent = e.loaded;
          if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
        };
        xhr.onload = () => {
          let body = null;
          try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
          if (xhr.status >= 200 && xhr.status < 300) resolve(body);
          else reject(new ApiError(xhr.status, body));
        };
        xhr.onerror = () => reject(maxUploadBytes != null && sent > 0
          ? cutUpload(sent, file.size, maxUploadBytes) : new ApiError(0, null));
        xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
        xhr.send(file);
      });
      return { promise, abort: () => xhr.abort() };
    },
  };
}
