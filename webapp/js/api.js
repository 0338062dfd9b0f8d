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

/** An upload this close to sent is not aborted on cancel (see `upload`). */
const NEARLY_SENT_MS = 250;
/** `XMLHttpRequest.OPENED`: sending, no answer yet. */
const XHR_OPENED = 1;

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

/** The claims of a compact JWT (not verified: only to know when to ask for the next one), or null. */
function jwtClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
  } catch {
    return null;
  }
}

/** The problem of a token endpoint that gave no token, as an `ApiError` naming the endpoint. */
function noToken(url, status, body, why) {
  const p = body || {};
  return new ApiError(status, {
    title: 'No token from ' + url,
    detail: why || (p.detail && p.detail !== p.title ? p.detail : p.title) || 'HTTP ' + status,
    status,
  });
}

/**
 * A `getToken` for `createClient`: fetches a browser JWT from `url` with the page's cookies (the Django token
 * view of etc/django answers `{token, expiresAt, expiresIn}` for the logged-in user; `{access_token,
 * expires_in}` or a bare `{token}` do too), reuses it until `refreshBeforeSeconds` (at most half its life)
 * before it expires, and shares one fetch between concurrent callers. The lifetime is counted on this
 * page's clock (`expiresIn`, else the JWT's `exp - iat`), so a browser clock that is off does not matter.
 * `getToken({ failed })`, after a 401 for the token `failed`: another one, unless it was replaced already.
 */
export function tokenSource(url, { refreshBeforeSeconds = 30, now = () => Date.now() / 1000 } = {}) {
  let current = null; // {token, renewAt}
  let inflight = null;
  const fetchToken = () => {
    if (!inflight) {
      const asked = now();
      inflight = fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
        .catch(e => { throw noToken(url, 0, null, 'it could not be reached (' + e.message + ')'); })
        .then(async response => {
          const body = await response.json().catch(() => null);
          if (!response.ok) throw noToken(url, response.status, body);
          const token = body?.token ?? body?.access_token;
          if (typeof token !== 'string' || !token) throw noToken(url, response.status, null, 'the answer holds no token');
          const claims = jwtClaims(token);
          const life = typeof body.expiresIn === 'number' ? body.expiresIn
            : typeof body.expires_in === 'number' ? body.expires_in
              : typeof claims?.exp === 'number' ? claims.exp - (typeof claims.iat === 'number' ? claims.iat : asked)
                : null;
          current = { token, renewAt: life == null ? Infinity : asked + life - Math.min(refreshBeforeSeconds, life / 2) };
          return token;
        })
        .finally(() => { inflight = null; });
    }
    return inflight;
  };
  return ({ failed } = {}) => {
    if (failed && current?.token === failed) current = null;
    if (current && now() < current.renewAt) return Promise.resolve(current.token);
    return fetchToken();
  };
}

/**
 * The page's `getToken`, as the service says in `GET api/ui-config` (public): in auth mode `none` it resolves
 * to null (no header is sent); in token mode it is a `tokenSource` of `tokenUrl`. The configuration is asked
 * once (again after a failure); `getToken.config()` resolves to `{authMode, tokenUrl}`.
 */
export function configuredTokens(base = '', options = {}) {
  let config = null;
  const load = () => {
    if (!config) {
      config = fetch(base + 'api/ui-config', { headers: { Accept: 'application/json' } })
        .then(response => (response.ok ? response.json() : { authMode: 'none', tokenUrl: null }))
        .then(c => ({
          authMode: c.authMode, tokenUrl: c.tokenUrl ?? null,
          source: c.authMode === 'token' && c.tokenUrl ? tokenSource(c.tokenUrl, options) : null,
        }))
        .catch(e => {
          config = null;
          throw e instanceof ApiError ? e : new ApiError(0, null);
        });
    }
    return config;
  };
  const getToken = async (renewal = {}) => {
    const c = await load();
    return c.source ? c.source(renewal) : null;
  };
  getToken.config = () => load().then(({ authMode, tokenUrl }) => ({ authMode, tokenUrl }));
  return getToken;
}

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` first), or null. */
export function dispositionFilename(header) {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall back to filename= */ }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  return plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1') : null;
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
 * page is served by the service itself, e.g. at `/data/`). `getToken` (`configuredTokens(base)`,
 * `tokenSource(url)`, or any function resolving to a token or null) gives the bearer token of each call;
 * after a 401 it is asked once for another token and the call is made once more.
 */
export function createClient(base = '', { getToken = null } = {}) {
  const url = path => base + path;
  const ds = id => url('api/datasets/' + encodeURIComponent(id));

  async function once(path, init, token) {
    const headers = { ...(init.headers || {}) };
    if (token) headers.Authorization = 'Bearer ' + token;
    try {
      return await fetch(path, { ...init, headers });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, null);
    }
  }

  /** `fetch` with the bearer token; after a 401, once more with a new one. */
  async function send(path, init = {}) {
    const token = getToken ? await getToken() : null;
    const response = await once(path, init, token);
    if (response.status !== 401 || !getToken) return response;
    const fresh = await getToken({ failed: token });
    return fresh && fresh !== token ? once(path, init, fresh) : response;
  }

  const get = async (path, signal) => parse(await send(path, { signal, headers: { Accept: 'application/json' } }));

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
    deleteDataset: async (id, signal) => parse(await send(ds(id), { method: 'DELETE', signal })),
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
      return parse(await send(ds(id) + '/query', {
        method: 'POST', signal, body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      }));
    },

    /** The URL of `GET .../{id}/{route}?view` (e.g. an export link of the current view). */
    viewUrl: (id, route, view = {}, extra = {}) => {
      const params = viewParams(view);
      for (const [k, v] of Object.entries(extra)) params.set(k, v);
      const q = params.toString();
      return ds(id) + '/' + route + (q ? '?' + q : '');
    },

    /**
     * Downloads `href` (e.g. a `viewUrl` of `export`) with the client's credentials, for when a plain link
     * cannot carry them: `{blob, filename, type}`, `filename` from `Content-Disposition`. The whole body is
     * held by the browser (as a Blob) until it is saved; `onProgress(received)` follows the bytes.
     */
    async download(href, { onProgress, signal } = {}) {
      const response = await send(href, { signal });
      if (!response.ok) await parse(response);
      const type = response.headers.get('Content-Type') || 'application/octet-stream';
      const parts = [];
      let received = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.length;
        onProgress?.(received);
      }
      return { blob: new Blob(parts, { type }), filename: dispositionFilename(response.headers.get('Content-Disposition')), type };
    },

    /**
     * Uploads a file (raw body) with `wait=false`: the promise resolves with the summary once the body is
     * received; parsing goes on, poll `getDataset` for `rowsParsed` and `status`.
     * `onProgress(sent, total)` follows the bytes; returns `{promise, abort}`.
     * With `maxUploadBytes` (from `limits()`), a larger file is refused at once with the 413 problem the
     * service would answer, without sending a byte; and a connection that closes while the body is sent (the
     * service's 413 for a gzip file that grows past the limit, which a browser still sending cannot read)
     * rejects with an `ApiError` (status 0) whose message names the limit. A 401 (a token that expired on
     * the way: the service refuses the body unread) sends the file once more with a new token.
     * `abort()` stops the upload, unless the body is all but sent (under a quarter of a second to go at the
     * speed so far): an abort then could reach the service after it has stored the dataset, unseen, so the
     * promise goes on to resolve with the summary and the caller deletes the dataset it names.
     */
    upload(file, { name = file.name, params = {}, onProgress, maxUploadBytes = null } = {}) {
      if (maxUploadBytes != null && file.size > maxUploadBytes) {
        return { promise: Promise.reject(tooLarge(file.size, maxUploadBytes)), abort: () => {} };
      }
      const query = new URLSearchParams({ wait: 'false', name, ...params });
      let xhr = null;
      let aborted = false;
      let sent = 0;
      let sendingSince = 0;
      const nearlySent = () => {
        const elapsed = performance.now() - sendingSince;
        return sent >= file.size || (sent > 0 && (file.size - sent) * elapsed / sent < NEARLY_SENT_MS);
      };
      const promise = new Promise((resolve, reject) => {
        const start = (token, renewed) => {
          if (aborted) { reject(new DOMException('Upload cancelled', 'AbortError')); return; }
          sent = 0;
          sendingSince = performance.now();
          xhr = new XMLHttpRequest();
          xhr.open('POST', url('api/datasets?' + query));
          xhr.setRequestHeader('Content-Type', file.type || 'text/csv');
          xhr.setRequestHeader('Accept', 'application/json');
          if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
          xhr.upload.onprogress = e => {
            sent = e.loaded;
            if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
          };
          xhr.onload = () => {
            let body = null;
            try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
            if (xhr.status >= 200 && xhr.status < 300) { resolve(body); return; }
            if (xhr.status === 401 && getToken && !renewed) {
              getToken({ failed: token }).then(fresh => (fresh && fresh !== token
                ? start(fresh, true) : reject(new ApiError(401, body))), reject);
              return;
            }
            reject(new ApiError(xhr.status, body));
          };
          xhr.onerror = () => reject(maxUploadBytes != null && sent > 0
            ? cutUpload(sent, file.size, maxUploadBytes) : new ApiError(0, null));
          xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
          xhr.send(file);
        };
        (getToken ? getToken() : Promise.resolve(null)).then(token => start(token, false), reject);
      });
      const abort = () => {
        aborted = true;
        // Once the answer is arriving (HEADERS_RECEIVED or later), an abort saves nothing: let it come.
        if (xhr && xhr.readyState === XHR_OPENED && !nearlySent()) xhr.abort();
      };
      return { promise, abort };
    },
  };
}
