package org.dataexplorer.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.dataexplorer.testing.NodeScript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code webapp/js/api.js}'s credentials, run by Node against a stand-in {@code fetch} and
 * {@code XMLHttpRequest} that play the service and a Django token view: none mode sends no header; token mode
 * gets a token from {@code ui-config}'s {@code tokenUrl} with the page's cookies, shares one fetch between
 * concurrent calls, reuses it until shortly before it expires (counted on the page's clock), replaces it once
 * after a 401 (one renewal for concurrent 401s, no second retry), sends it with uploads (again after a 401) and
 * downloads; the token view's own 401 reaches the caller with its words. Skipped without {@code node} (Debian
 * package nodejs), unless {@code CI=true}.
 */
class ApiJsTokenTest {

    private static final String SCRIPT = """
            import assert from 'node:assert/strict';
            const { createClient, configuredTokens, tokenSource, dispositionFilename, ApiError } = await import(process.argv[2]);

            const jwt = claims => 'eyJhbGciOiJIUzI1NiJ9.' + Buffer.from(JSON.stringify(claims)).toString('base64url') + '.sig';
            const json = (status, body, headers = {}) => new Response(JSON.stringify(body),
              { status, headers: { 'Content-Type': 'application/json', ...headers } });

            // The stand-in server: ui-config, a token view minting tok-1, tok-2, ... and the service's routes.
            let mode = 'token', tokenUrl = '/accounts/token/', lifetime = 300, tokenStatus = 200, refused = new Set();
            const log = [];
            let minted = 0;
            globalThis.fetch = async (url, init = {}) => {
              const auth = init.headers?.Authorization ?? null;
              log.push({ url, auth, credentials: init.credentials });
              await new Promise(r => setTimeout(r, 1));
              if (url === 'api/ui-config') return json(200, { authMode: mode, tokenUrl });
              if (url === tokenUrl) {
                if (tokenStatus !== 200) return json(tokenStatus, { type: 'about:blank', title: 'Unauthorized', status: tokenStatus,
                  detail: 'log in to get a data service token' });
                minted++;
                return json(200, { token: 'tok-' + minted, tokenType: 'Bearer', expiresIn: lifetime, expiresAt: 1 });
              }
              if (mode === 'token' && (!auth || refused.has(auth.slice(7)))) {
                return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'expired' });
              }
              if (url.includes('/export')) return new Response('id,name\\n1,a\\n', { status: 200,
                headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="people.csv"' } });
              return json(200, { count: 0, columns: [], rows: [], datasets: [] });
            };
            const calls = pred => log.filter(pred).length;
            const toService = e => e.url.startsWith('api/datasets');

            // None mode: no Authorization header, the configuration asked once.
            mode = 'none';
            let api = createClient('', { getToken: configuredTokens('') });
            await api.listDatasets();
            await api.rows('d1', { limit: 5 });
            assert.equal(calls(e => e.url === 'api/ui-config'), 1);
            assert.equal(calls(e => toService(e) && e.auth !== null), 0);
            assert.equal(calls(e => e.url === tokenUrl), 0);

            // Token mode: one token fetch (with the cookies) for concurrent calls; every call carries it.
            mode = 'token';
            log.length = 0;
            let clock = 1000;
            const tokens = configuredTokens('', { now: () => clock });
            assert.deepEqual(await tokens.config(), { authMode: 'token', tokenUrl });
            api = createClient('', { getToken: tokens });
            await Promise.all([api.listDatasets(), api.rows('d1'), api.stats('d1'), api.getDataset('d1')]);
            assert.equal(calls(e => e.url === tokenUrl), 1);
            assert.equal(log.find(e => e.url === tokenUrl).credentials, 'same-origin');
            assert.equal(calls(e => toService(e) && e.auth === 'Bearer tok-1'), 4);

            // Reused until 30 s before the end of its 300 s life, then replaced.
            clock += 269;
            await api.listDatasets();
            assert.equal(minted, 1);
            clock += 2;
            await api.listDatasets();
            assert.equal(minted, 2);
            assert.equal(log.at(-1).auth, 'Bearer tok-2');

            // A 401 (revoked, or a clock far off): one new token, the call repeated once, and it succeeds.
            refused.add('tok-2');
            log.length = 0;
            const page = await api.rows('d1');
            assert.equal(page.count, 0);
            assert.deepEqual(log.filter(toService).map(e => e.auth), ['Bearer tok-2', 'Bearer tok-3']);

            // Concurrent 401s share one renewal.
            refused.add('tok-3');
            log.length = 0;
            await Promise.all([api.rows('d1'), api.rows('d2'), api.stats('d1')]);
            assert.equal(minted, 4);
            assert.equal(calls(e => toService(e) && e.auth === 'Bearer tok-4'), 3);

            // Refused again after the renewal: the 401 is the answer, no loop.
            const refuseAll = { has: () => true };
            const saved = refused;
            refused = refuseAll;
            log.length = 0;
            let e = await api.listDatasets().then(() => null, x => x);
            assert.ok(e instanceof ApiError);
            assert.equal(e.status, 401);
            assert.equal(calls(toService), 2);
            refused = saved;

            // A token's life from the JWT itself (exp - iat) when the answer does not say: 20 s, renewed after 10.
            const shortLived = jwt({ sub: 'u', iat: 5000, exp: 5020 });
            let fetched = 0;
            const source = tokenSource('/t/', { now: () => clock });
            globalThis.fetch = async () => { fetched++; return json(200, { access_token: shortLived }); };
            assert.equal(await source(), shortLived);
            clock += 9;
            await source();
            assert.equal(fetched, 1);
            clock += 2;
            await source();
            assert.equal(fetched, 2);

            // The token view's own 401 (nobody logged in) reaches the caller with its words.
            tokenStatus = 401;
            globalThis.fetch = async (url, init = {}) => {
              if (url === 'api/ui-config') return json(200, { authMode: 'token', tokenUrl });
              return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'log in to get a data service token' });
            };
            e = await createClient('', { getToken: configuredTokens('') }).listDatasets().then(() => null, x => x);
            assert.ok(e instanceof ApiError);
            assert.equal(e.status, 401);
            assert.equal(e.message, 'No token from /accounts/token/: log in to get a data service token');

            // Uploads carry the token; a 401 sends the file again with a new one.
            let n = 0;
            const getToken = async ({ failed } = {}) => (failed ? 'fresh-' + (++n) : 'stale');
            const sent = [];
            globalThis.XMLHttpRequest = class {
              constructor() { this.upload = {}; this.headers = {}; }
              open(method, url) { this.url = url; }
              setRequestHeader(k, v) { this.headers[k] = v; }
              abort() { this.onabort?.(); }
              send(body) {
                sent.push(this.headers.Authorization);
                queueMicrotask(() => {
                  this.status = this.headers.Authorization === 'Bearer stale' ? 401 : 201;
                  this.responseText = JSON.stringify(this.status === 201 ? { id: 'new' } : { title: 'Unauthorized' });
                  this.onload();
                });
              }
            };
            const file = { name: 'f.csv', type: 'text/csv', size: 10 };
            const summary = await createClient('', { getToken }).upload(file).promise;
            assert.equal(summary.id, 'new');
            assert.deepEqual(sent, ['Bearer stale', 'Bearer fresh-1']);
            // Cancelled while the token is on its way: nothing is sent.
            sent.length = 0;
            const up = createClient('', { getToken }).upload(file);
            up.abort();
            e = await up.promise.then(() => null, x => x);
            assert.equal(e.name, 'AbortError');
            assert.deepEqual(sent, []);

            // Downloads (exports) carry it too, and keep the service's file name.
            const seen = [];
            globalThis.fetch = async (url, init = {}) => {
              seen.push(init.headers?.Authorization);
              return new Response('id,name\\n1,a\\n', { status: 200,
                headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="people.csv"' } });
            };
            let progress = 0;
            const d = await createClient('', { getToken: async () => 'tok' })
              .download('api/datasets/d1/export?format=csv', { onProgress: r => { progress = r; } });
            assert.deepEqual(seen, ['Bearer tok']);
            assert.equal(d.filename, 'people.csv');
            assert.equal(await d.blob.text(), 'id,name\\n1,a\\n');
            assert.equal(progress, 12);
            globalThis.fetch = async () => json(404, { type: 'about:blank', title: 'Not found', status: 404, detail: 'no such dataset' });
            e = await createClient('').download('x').then(() => null, x => x);
            assert.equal(e.message, 'Not found: no such dataset');

            assert.equal(dispositionFilename('attachment; filename="a \\\\"b\\\\".csv"'), 'a "b".csv');
            assert.equal(dispositionFilename("attachment; filename=\\"x.csv\\"; filename*=UTF-8''%C3%A9t%C3%A9.csv"), 'été.csv');
            assert.equal(dispositionFilename('attachment; filename=plain.tsv'), 'plain.tsv');
            assert.equal(dispositionFilename(null), null);
            console.log('api.js tokens: ok');
            """;

    @TempDir
    Path dir;

    @Test
    void tokensAreFetchedCachedRenewedAndSent() throws Exception {
        NodeScript.Result run = NodeScript.run("ApiJsTokenTest", dir, "ApiJsTokenTest.mjs", SCRIPT,
                Path.of("webapp", "js", "api.js").toAbsolutePath().toUri().toString());
        assertEquals(0, run.exit(), run.output());
        assertEquals("api.js tokens: ok", run.output().strip());
    }
}
