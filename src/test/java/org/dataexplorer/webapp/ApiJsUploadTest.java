package org.dataexplorer.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.dataexplorer.testing.NodeScript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code webapp/js/api.js}'s upload errors, run by Node against a stand-in {@code XMLHttpRequest}: a file over
 * {@code maxUploadBytes} is refused without sending, with the service's 413 wording; a connection that closes
 * mid-upload names the limit; a 413 the service answers is shown with its detail. Skipped without {@code node}
 * (Debian package nodejs), unless {@code CI=true}. A cancel aborts the request while much of the body is to go, and
 * lets the answer come once it is all but sent or the answer is arriving.
 */
class ApiJsUploadTest {

    private static final String SCRIPT = """
            import assert from 'node:assert/strict';
            const { createClient, ApiError, formatBytes } = await import(process.argv[2]);

            let sends = 0;
            let behaviour = null;
            globalThis.XMLHttpRequest = class {
              constructor() { this.upload = {}; this.status = 0; this.responseText = ''; }
              open(method, url) { this.url = url; this.readyState = 1; }
              setRequestHeader() {}
              abort() { this.readyState = 4; this.onabort?.(); }
              send(body) { sends++; queueMicrotask(() => behaviour(this, body)); }
            };
            const api = createClient('');
            const file = { name: 'f.csv', type: 'text/csv', size: 5000 };

            // Over the limit: refused at once, nothing sent, the service's 413 words and the limit.
            behaviour = () => assert.fail('must not send');
            let e = await api.upload(file, { maxUploadBytes: 4096 }).promise.then(() => null, x => x);
            assert.ok(e instanceof ApiError);
            assert.equal(e.status, 413);
            assert.equal(e.local, true);
            assert.equal(e.problem.title, 'Upload too large');
            assert.equal(e.message, 'The file is too large for this service: The upload is 5000 bytes; the limit is 4096 bytes (4 KB)');
            assert.equal(sends, 0);

            // The connection closes while the body is sent: the message names the limit.
            behaviour = (xhr, body) => { xhr.upload.onprogress({ loaded: 2048, lengthComputable: true, total: body.size }); xhr.onerror(); };
            e = await api.upload(file, { maxUploadBytes: 52428800 }).promise.then(() => null, x => x);
            assert.equal(e.status, 0);
            assert.equal(e.message, 'The connection closed during the upload: after 2 KB of 4.9 KB. The service refuses uploads'
              + ' over 52428800 bytes (50 MB, counted after decompression); a larger file is cut off this way');

            // Without the limits (or before a byte went out) a network error stays a network error.
            e = await api.upload(file).promise.then(() => null, x => x);
            assert.equal(e.message, 'The service could not be reached (network error).');
            behaviour = xhr => xhr.onerror();
            e = await api.upload(file, { maxUploadBytes: 52428800 }).promise.then(() => null, x => x);
            assert.equal(e.message, 'The service could not be reached (network error).');

            // The service's own 413 (read by the browser) is shown with its detail.
            behaviour = xhr => {
              xhr.status = 413;
              xhr.responseText = JSON.stringify({ type: 'about:blank', title: 'Upload too large', status: 413,
                detail: 'The upload is larger than the limit of 52428800 bytes' });
              xhr.onload();
            };
            e = await api.upload(file, { maxUploadBytes: 52428800 }).promise.then(() => null, x => x);
            assert.equal(e.status, 413);
            assert.equal(e.message, 'The file is too large for this service: The upload is larger than the limit of 52428800 bytes');

            // Cancel: aborted while much of the body is still to go; not once it is all but sent (the service may
            // store the dataset before an abort reaches it), then the answer comes for the caller to delete.
            let current = null;
            behaviour = xhr => { current = xhr; };
            const answer = xhr => { xhr.readyState = 4; xhr.status = 201; xhr.responseText = '{"id":"d9"}'; xhr.onload(); };
            const cancelAfter = async (loaded, ms) => {
              const up = api.upload(file);
              await new Promise(r => setTimeout(r, ms));
              current.upload.onprogress({ loaded, lengthComputable: true, total: file.size });
              up.abort();
              if (current.readyState !== 4) answer(current);
              return up.promise.then(s => s.id, x => x.name);
            };
            assert.equal(await cancelAfter(100, 50), 'AbortError');     // 49 times as much to go: seconds
            assert.equal(await cancelAfter(5000, 50), 'd9');            // all sent, no answer yet
            assert.equal(await cancelAfter(4990, 50), 'd9');            // 0.1 ms to go
            behaviour = xhr => { current = xhr; xhr.readyState = 2; };  // the answer's headers are in
            assert.equal(await cancelAfter(100, 1), 'd9');

            assert.equal(formatBytes(20 * 1024 ** 3), '20 GB');
            assert.equal(formatBytes(1536 * 1024), '1.5 MB');
            assert.equal(formatBytes(100), '100 bytes');
            console.log('api.js upload errors: ok');
            """;

    @TempDir
    Path dir;

    @Test
    void uploadErrorsNameTheLimit() throws Exception {
        NodeScript.Result run = NodeScript.run("ApiJsUploadTest", dir, "ApiJsUploadTest.mjs", SCRIPT,
                Path.of("webapp", "js", "api.js").toAbsolutePath().toUri().toString());
        assertEquals(0, run.exit(), run.output());
        assertEquals("api.js upload errors: ok", run.output().strip());
    }
}
