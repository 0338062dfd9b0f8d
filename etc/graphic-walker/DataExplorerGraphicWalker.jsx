// Graphic Walker (@kanaries/graphic-walker 0.5.x, React 19) over the Data Explorer data service.
//
// Graphic Walker never sees the rows: it gets the field list from
//   GET  {apiBase}/datasets/{id}/graphic-walker/fields   -> IMutField[]
// and sends every chart, table page, filter list and profile as a query to
//   POST {apiBase}/datasets/{id}/graphic-walker/query    IDataQueryPayload -> IRow[]
// or, batched, to
//   POST {apiBase}/datasets/{id}/graphic-walker/batch    {queryList: [...]} -> {datas: [[...], ...]}
//
// Copy this file into the React app; it needs only react and @kanaries/graphic-walker (with its peer
// dependencies react-dom and styled-components). The browser test of the service
// (src/test/java/org/dataexplorer/it/browser/GraphicWalkerBrowserIT.java) bundles and runs this very file.

import React, { useEffect, useMemo, useRef, useState } from 'react';
import { GraphicWalker } from '@kanaries/graphic-walker';

/** A non-2xx answer of the service; `problem` is its RFC 9457 problem body when it sent one. */
export class DataServiceError extends Error {
    constructor(status, problem, url) {
        super(describe(status, problem));
        this.name = 'DataServiceError';
        this.status = status;
        this.problem = problem;
        this.url = url;
    }
}

function describe(status, problem) {
    if (problem && (problem.detail || problem.title)) {
        return `${problem.title || 'Error'} (${status})${problem.detail ? ': ' + problem.detail : ''}`;
    }
    return `The data service answered ${status}`;
}

/** The three Graphic Walker routes of one dataset. `apiBase` is the service's API root, e.g. `/data/api`. */
export function graphicWalkerUrls(apiBase, datasetId) {
    const base = `${String(apiBase).replace(/\/+$/, '')}/datasets/${encodeURIComponent(datasetId)}/graphic-walker`;
    return { fields: `${base}/fields`, query: `${base}/query`, batch: `${base}/batch` };
}

async function callService(url, { method = 'GET', body, getToken } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    // Behind the shared proxy the browser authenticates with a short-lived JWT minted by Django for the
    // logged-in user (etc/django/, djangoTokenSource below). Asked for per request so an expiring token is
    // replaced; without a token (auth mode `none`, development) no header is sent.
    const token = getToken ? await getToken() : null;
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
    });
    if (!response.ok) {
        let problem = null;
        try {
            problem = await response.json();
        } catch {
            // not JSON: the status alone describes it
        }
        throw new DataServiceError(response.status, problem, url);
    }
    return response.json();
}

/**
 * A `getToken` for the browser: the token view of etc/django/ (`path("dataexplorer/",
 * include("dataexplorer_client.urls"))`) answers `{token, expiresAt, ...}` for the logged-in user (session
 * cookie). The token is reused until `refreshBeforeSeconds` before it expires; concurrent callers share one
 * fetch. Graphic Walker's queries are reads (POST with a body), so `scope=read` is enough.
 */
export function djangoTokenSource(url = '/dataexplorer/token/?scope=read', { refreshBeforeSeconds = 30 } = {}) {
    let current = null;
    let inflight = null;
    return () => {
        if (current && current.expiresAt - refreshBeforeSeconds > Date.now() / 1000) {
            return Promise.resolve(current.token);
        }
        if (!inflight) {
            inflight = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
                .then(async (response) => {
                    if (!response.ok) {
                        throw new DataServiceError(response.status, await response.json().catch(() => null), url);
                    }
                    return response.json();
                })
                .then((answer) => {
                    current = { token: answer.token, expiresAt: answer.expiresAt };
                    return answer.token;
                })
                .finally(() => {
                    inflight = null;
                });
        }
        return inflight;
    };
}

/** The dataset's fields as Graphic Walker wants them (IMutField[]: fid, name, semanticType, analyticType). */
export function fetchFields({ apiBase = '/data/api', datasetId, getToken }) {
    return callService(graphicWalkerUrls(apiBase, datasetId).fields, { getToken });
}

/** A Graphic Walker `computation` function: one POST .../query per payload. */
export function createComputation({ apiBase = '/data/api', datasetId, getToken }) {
    const url = graphicWalkerUrls(apiBase, datasetId).query;
    return (payload) => callService(url, { method: 'POST', body: payload, getToken });
}

/**
 * A `computation` function that sends the payloads Graphic Walker issues within `windowMs` of each other
 * (a chart plus its filter lists, a table page plus its profile) as one POST .../batch, PyGWalker-style.
 * A failed batch rejects every payload in it.
 */
export function createBatchComputation({ apiBase = '/data/api', datasetId, getToken, windowMs = 20, maxBatch = 32 }) {
    const url = graphicWalkerUrls(apiBase, datasetId).batch;
    let pending = [];
    let timer = null;

    const flush = () => {
        clearTimeout(timer);
        timer = null;
        const batch = pending;
        pending = [];
        callService(url, { method: 'POST', body: { queryList: batch.map((p) => p.payload) }, getToken }).then(
            (answer) => {
                const datas = answer && Array.isArray(answer.datas) ? answer.datas : null;
                batch.forEach((p, i) => {
                    if (datas && Array.isArray(datas[i])) {
                        p.resolve(datas[i]);
                    } else {
                        p.reject(new Error(`The batch answer has no rows for query ${i}`));
                    }
                });
            },
            (error) => batch.forEach((p) => p.reject(error)),
        );
    };

    return (payload) =>
        new Promise((resolve, reject) => {
            pending.push({ payload, resolve, reject });
            if (pending.length >= maxBatch) {
                flush();
            } else if (timer === null) {
                timer = setTimeout(flush, windowMs);
            }
        });
}

/**
 * `<GraphicWalker>` in remote-computation mode over one dataset of the service.
 *
 * Props: `datasetId` (required); `apiBase` (default `/data/api`); `getToken` (async, returns the bearer
 * token or null); `batch` (send queries through .../batch); `chart` (Graphic Walker's `chart` prop, or a
 * function of the loaded fields returning it, e.g. `(fields) => [normalize({mark: 'bar', x: 'city',
 * y: 'count()'}, fields)]`; read once, when the fields arrive); `onFields` (called with the loaded fields);
 * every other prop goes to `<GraphicWalker>` unchanged (`ref` for its IGWHandler, `onError`,
 * `computationTimeout`, `appearance`...). A new `datasetId` loads its fields and starts a new Graphic Walker.
 */
export const DataExplorerGraphicWalker = React.forwardRef(function DataExplorerGraphicWalker(
    { apiBase = '/data/api', datasetId, getToken, batch = false, chart, onFields, ...graphicWalkerProps },
    ref,
) {
    // The latest getToken without re-creating the computation (and re-running every chart) on each render.
    const tokenRef = useRef(getToken);
    tokenRef.current = getToken;
    const currentToken = useMemo(() => () => (tokenRef.current ? tokenRef.current() : null), []);

    // `chart` is read once, when the fields arrive: a new chart prop would reset what the user built.
    const chartRef = useRef(chart);
    chartRef.current = chart;
    const onFieldsRef = useRef(onFields);
    onFieldsRef.current = onFields;

    const [loaded, setLoaded] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        let live = true;
        setLoaded(null);
        setError(null);
        fetchFields({ apiBase, datasetId, getToken: currentToken })
            .then((fields) => {
                if (live) {
                    const initial = chartRef.current;
                    const charts = typeof initial === 'function' ? initial(fields) : initial;
                    setLoaded({ apiBase, datasetId, fields, charts });
                    onFieldsRef.current?.(fields);
                }
            })
            .catch((failure) => live && setError(failure));
        return () => {
            live = false;
        };
    }, [apiBase, datasetId, currentToken]);

    const computation = useMemo(() => {
        const options = { apiBase, datasetId, getToken: currentToken };
        return batch ? createBatchComputation(options) : createComputation(options);
    }, [apiBase, datasetId, currentToken, batch]);

    if (error) {
        return (
            <div role="alert" className="data-explorer-gw-error">
                Could not open dataset {datasetId} in Graphic Walker: {error.message}
            </div>
        );
    }
    // Until the fields of this very dataset are there (not those of the previous `datasetId`).
    if (!loaded || loaded.datasetId !== datasetId || loaded.apiBase !== apiBase) {
        return <div className="data-explorer-gw-loading">Loading fields…</div>;
    }
    return (
        <GraphicWalker
            key={`${apiBase} ${datasetId}`}
            ref={ref}
            fields={loaded.fields}
            computation={computation}
            {...(loaded.charts ? { chart: loaded.charts } : {})}
            {...graphicWalkerProps}
        />
    );
});

export default DataExplorerGraphicWalker;
