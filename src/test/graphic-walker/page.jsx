// The page GraphicWalkerBrowserIT opens: the example component of etc/graphic-walker/ over a dataset of the
// service, with a predefined chart so no drag and drop is needed. Query parameters:
//   dataset  the dataset id (required)
//   mode     query (one POST .../graphic-walker/query per payload) or batch (POST .../graphic-walker/batch)
//   chart    count: bars of the row count per value of `x`; sum: bars of sum(`y`) per value of `x`;
//            raw: a scatter of the rows themselves (`x` against `y`, not aggregated)
//   x, y     field names for the chart
//   only     comma-separated values of `x`: a `one of` filter on the chart
//   token    a bearer token for getToken (the test's service runs without authentication and ignores it;
//            the test checks that every request carries it)
//   rid      prefix of the X-Request-Id of every request the page sends, so the test finds them in the
//            service's access log
// What happened is recorded in window.__gwTest for the test to read; it never grades itself.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { normalize } from '@kanaries/graphic-walker';
import { DataExplorerGraphicWalker } from '../../../etc/graphic-walker/DataExplorerGraphicWalker.jsx';

const params = new URLSearchParams(window.location.search);
const record = {
    requests: [],
    renderStatus: [],
    errors: [],
    fields: null,
    handler: false,
};
window.__gwTest = record;
window.addEventListener('error', (e) => record.errors.push('window error: ' + (e.message || e)));
window.addEventListener('unhandledrejection', (e) =>
    record.errors.push('unhandled rejection: ' + (e.reason && e.reason.message ? e.reason.message : e.reason)),
);

// Every call of the service goes through fetch: give it a known request id and keep what went and came back.
const realFetch = window.fetch.bind(window);
const ridPrefix = params.get('rid') || 'gw';
let sequence = 0;
window.fetch = async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('/graphic-walker/')) {
        return realFetch(input, init);
    }
    const id = `${ridPrefix}-${++sequence}`;
    const headers = new Headers(init.headers || {});
    headers.set('X-Request-Id', id);
    const entry = {
        id,
        method: init.method || 'GET',
        path: new URL(url, window.location.href).pathname,
        body: init.body ? JSON.parse(init.body) : null,
        authorization: headers.get('Authorization'),
        status: null,
        response: null,
    };
    record.requests.push(entry);
    const response = await realFetch(input, { ...init, headers });
    // The status last: once it is set, the entry is complete.
    entry.response = await response.clone().json().catch(() => null);
    entry.status = response.status;
    return response;
};

function charts(fields) {
    const x = params.get('x');
    const y = params.get('y');
    const kind = params.get('chart');
    const terse =
        kind === 'sum'
            ? { mark: 'bar', x, y: `sum(${y})` }
            : kind === 'raw'
              ? { mark: 'point', x, y, aggregate: false }
              : { mark: 'bar', x, y: 'count()' };
    if (params.get('only')) {
        terse.filters = [{ field: x, oneOf: params.get('only').split(',') }];
    }
    // SVG so the test can count the bars; a fixed size so vega-lite does not wait for a layout pass.
    terse.layout = { useSvg: true, size: { mode: 'fixed', width: 640, height: 360 } };
    return [normalize(terse, fields)];
}

function App() {
    // Graphic Walker's IGWHandler: its render status tells when the chart is drawn.
    const handler = React.useCallback((gw) => {
        if (gw && !record.handler) {
            record.handler = true;
            record.renderStatus.push(gw.renderStatus);
            gw.onRenderStatusChange((status) => record.renderStatus.push(status));
        }
    }, []);
    return (
        <DataExplorerGraphicWalker
            ref={handler}
            apiBase={new URL('../../api', window.location.href).pathname}
            datasetId={params.get('dataset')}
            batch={params.get('mode') === 'batch'}
            getToken={() => params.get('token')}
            chart={charts}
            onFields={(fields) => {
                record.fields = fields;
            }}
            onError={(error) => record.errors.push('graphic walker: ' + (error && error.message ? error.message : error))}
            appearance="light"
            hideChartNav
        />
    );
}

createRoot(document.getElementById('root')).render(<App />);
