/* Starting the live page behind the first paint (components/web/firstpaint.py).
 *
 * The server's page shows the view as static HTML (#first-paint) and lists
 * Dash's scripts as tags of a type no browser runs (preloaded at low
 * priority). Here
 * they are loaded, in order, and Dash started (what Dash's own inline
 * renderer script does): at once on screens at least data-boot-from pixels
 * wide, and on narrow ones on the reader's first touch, key, scroll or
 * pointer move -- a phone spends seconds of its main thread starting Dash,
 * React and plotly.js, and a reader who is only reading needs none of it.
 *
 * The live page renders hidden under the first paint (class is-booting);
 * once its charts are drawn (assets/charts.js calls live()) it takes the
 * first paint's place in one frame. Loaded from /assets, excluded from
 * Dash's own list of assets (app.py assets_ignore), so the CSP needs no
 * inline script.
 */
(function () {
    'use strict';

    var me = document.currentScript;
    var scripts = Array.prototype.map.call(
        document.querySelectorAll('script[type="text/x-dashboard-deferred"]'), function (s) { return s.src; });
    var bootFrom = Number(me && me.dataset.bootFrom) || 0;
    var INTENT = ['pointerdown', 'touchstart', 'keydown', 'wheel', 'scroll', 'mousemove', 'focusin'];
    var FALLBACK_MS = 15000;  // live even if the charts never report they are drawn
    var started = false;
    var isLive = false;

    // Fetched together, run in order (async = false), as the page's own
    // tags would have run them; done() after the last.
    function load(done) {
        var left = scripts.length;
        if (!left) {
            done();
            return;
        }
        scripts.forEach(function (src) {
            var script = document.createElement('script');
            script.src = src;
            script.async = false;
            script.onload = script.onerror = function () {
                left -= 1;
                if (!left) {
                    done();
                }
            };
            document.body.appendChild(script);
        });
    }

    function live() {
        if (isLive) {
            return;
        }
        isLive = true;
        requestAnimationFrame(function () {
            var paint = document.getElementById('first-paint');
            var entry = document.getElementById('react-entry-point');
            if (paint) {
                paint.remove();
            }
            if (entry) {
                entry.classList.remove('is-booting');
            }
        });
    }

    function start() {
        if (started) {
            return;
        }
        started = true;
        INTENT.forEach(function (name) { window.removeEventListener(name, start, true); });
        load(function () {
            window.renderer = new window.DashRenderer();
            setTimeout(live, FALLBACK_MS);
        });
    }

    // Into the browser's cache while the reader reads, at the lowest
    // priority and without running them: the first touch then waits for no
    // download.
    function prefetch() {
        if (started) {
            return;
        }
        scripts.forEach(function (src) {
            var link = document.createElement('link');
            link.rel = 'prefetch';
            link.as = 'script';
            link.href = src;
            document.head.appendChild(link);
        });
    }

    window.dashboardBoot = {start: start, live: live};
    if (window.innerWidth >= bootFrom) {
        start();
    } else {
        INTENT.forEach(function (name) { window.addEventListener(name, start, {capture: true, passive: true}); });
        window.addEventListener('load', function () { setTimeout(prefetch, 0); });
    }
}());
