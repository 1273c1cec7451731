/* The view in the URL <-> the region filter and the language, in the browser.
 *
 * /?region=huanjiang,jiangxi&lang=en holds the view. A page load, a click on
 * the overview or the back button reads it; once the charts of a filter or
 * language change are drawn, the page writes it. Two browser-side callbacks
 * (callbacks.VIEW_FROM_URL_JS, VIEW_TO_URL_JS), one per direction. The
 * chart callback waits for any callback that may set the filter, and every
 * callback round of dash-renderer costs the main thread 10-15 ms, so a
 * filter change fires the charts alone; the URL is written on
 * charts-settled, and the reading side recognises that URL as its own.
 *
 * Reading never fails: anything unusable falls back to the default for that
 * parameter and yields a notice ({key, args}, shown in the page's language).
 * Writing gives the canonical form, defaults omitted, so one view has one
 * URL; components.urlstate.view_to_search writes the same for permalinks.
 * Limits, parameter names, languages and notice texts come from the server
 * (callbacks.VIEW_SETTINGS), so they are defined once.
 */
(function () {
    'use strict';

    // Python's str.isprintable() is false for these (the space excepted).
    var UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;

    function shown(text, settings) {
        var chars = Array.from(text.replace(UNPRINTABLE, ''));
        return chars.length <= settings.maxShown ? chars.join('') : chars.slice(0, settings.maxShown).join('') + '\u2026';
    }

    // urllib.parse.unquote_plus: %XX bytes and ASCII decoded together as
    // UTF-8 (bad sequences become U+FFFD), other characters kept as they are.
    function unquote(text) {
        text = text.replace(/\+/g, ' ');
        if (text.indexOf('%') < 0) {
            return text;
        }
        var decoder = new TextDecoder('utf-8');
        var out = '';
        var bytes = [];
        var flush = function () {
            if (bytes.length) {
                out += decoder.decode(new Uint8Array(bytes));
                bytes = [];
            }
        };
        for (var i = 0; i < text.length; i++) {
            var code = text.charCodeAt(i);
            var hex = text.substr(i + 1, 2);
            if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
                bytes.push(parseInt(hex, 16));
                i += 2;
            } else if (code < 0x80) {
                bytes.push(code);
            } else {
                flush();
                out += text[i];
            }
        }
        flush();
        return out;
    }

    // urllib.parse.parse_qs(keep_blank_values=True): name -> values, names
    // in order of first appearance.
    function parseQuery(query) {
        var params = new Map();
        query.split('&').forEach(function (part) {
            if (!part) {
                return;
            }
            var at = part.indexOf('=');
            var name = unquote(at < 0 ? part : part.slice(0, at));
            var value = unquote(at < 0 ? '' : part.slice(at + 1));
            if (!params.has(name)) {
                params.set(name, []);
            }
            params.get(name).push(value);
        });
        return params;
    }

    function sortedUnique(values) {
        return Array.from(new Set(values)).sort();
    }

    // The view of a location's search string, and notices for what was dropped.
    function parse(search, known, settings) {
        var fallback = {regions: [], lang: settings.defaultLang};
        if (search === null || search === undefined || search === '') {
            return {view: fallback, notices: []};
        }
        if (typeof search !== 'string' || search.length > settings.maxSearch) {
            return {view: fallback, notices: [{key: 'notice.malformed', args: {}}]};
        }
        var names = settings.params;
        var params = parseQuery(search.replace(/^\?+/, ''));
        var notices = [];
        params.forEach(function (_, name) {
            if (name !== names.region && name !== names.lang) {
                notices.push({key: 'notice.unknown_param', args: {name: shown(name, settings)}});
            }
        });
        var lang = settings.defaultLang;
        var values = params.get(names.lang) || [];
        if (values.length > 1) {
            notices.push({key: 'notice.repeated', args: {name: names.lang}});
        } else if (values.length) {
            if (settings.langs.indexOf(values[0]) >= 0) {
                lang = values[0];
            } else {
                notices.push({key: 'notice.bad_lang', args: {value: shown(values[0], settings)}});
            }
        }
        var regions = [];
        values = params.get(names.region) || [];
        if (values.length > 1) {
            notices.push({key: 'notice.repeated', args: {name: names.region}});
        } else if (values.length) {
            var knownSet = new Set(known);
            var asked = values[0].split(',').map(function (p) { return p.trim(); }).filter(Boolean);
            var unknown = asked.filter(function (r) { return !knownSet.has(r); });
            if (unknown.length) {
                notices.push({key: 'notice.bad_region', args: {value: shown(unknown.join(', '), settings)}});
            }
            regions = sortedUnique(asked.filter(function (r) { return knownSet.has(r); }));
        }
        return {view: {regions: regions, lang: lang}, notices: notices};
    }

    // urllib.parse.quote_plus(value, safe=",:").
    function quote(value) {
        return encodeURIComponent(value)
            .replace(/[!'()*]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); })
            .replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%20/g, '+');
    }

    // The canonical search string ('' for the default view).
    function search(view, settings) {
        var parts = [];
        if (view.regions.length) {
            parts.push(settings.params.region + '=' + quote(view.regions.join(',')));
        }
        if (view.lang !== settings.defaultLang) {
            parts.push(settings.params.lang + '=' + quote(view.lang));
        }
        return parts.length ? '?' + parts.join('&') : '';
    }

    function cleanLang(lang, settings) {
        if (typeof lang === 'string' && settings.langs.indexOf(lang) >= 0) {
            return {lang: lang, ok: true};
        }
        return {lang: settings.defaultLang, ok: lang === null || lang === undefined};
    }

    function cleanRegions(regions, known, settings) {
        if (regions === null || regions === undefined) {
            return {regions: [], ok: true};
        }
        if (typeof regions === 'string') {
            regions = [regions];
        }
        if (!Array.isArray(regions) || regions.length > settings.maxRegions) {
            return {regions: [], ok: false};
        }
        var knownSet = new Set(known);
        var usable = function (r) { return typeof r === 'string' && knownSet.has(r); };
        var ok = regions.every(function (r) { return usable(r) && r.length <= settings.maxIdLength; });
        return {regions: sortedUnique(regions.filter(usable)), ok: ok};
    }

    // The first customdata element of a clickData payload, if it is a usable id.
    function clickedId(click, settings) {
        var data;
        try {
            data = click.points[0].customdata;
        } catch (e) {
            return null;
        }
        if (Array.isArray(data)) {
            data = data.length ? data[0] : null;
        }
        return typeof data === 'string' && data.length > 0 && data.length <= settings.maxIdLength ? data : null;
    }

    function noticeText(notice, lang, settings) {
        var entry = settings.texts[notice.key] || {};
        var template = entry[lang] || entry[settings.defaultLang] || notice.key;
        return template.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(notice.args, name) ? String(notice.args[name]) : whole;
        });
    }

    function paragraphs(notices, lang, settings) {
        return notices.map(function (notice) {
            return {namespace: 'dash_html_components', type: 'P', props: {children: noticeText(notice, lang, settings)}};
        });
    }

    /* [url search, filter value, language, notice children] for the page's
     * view callback; `skip` (dash_clientside.no_update) leaves one as it is.
     * trigger: the id of what changed (null on page load). */
    function resolve(trigger, currentSearch, regions, lang, click, known, settings, skip) {
        var ids = settings.ids;
        var view;
        if (trigger === ids.overview) {
            var region = clickedId(click, settings);
            if (region === null || known.indexOf(region) < 0) {
                return [skip, skip, skip, skip];
            }
            view = {regions: [region], lang: cleanLang(lang, settings).lang};
            return [search(view, settings), view.regions, skip, []];
        }
        if (trigger === ids.filter || trigger === ids.lang) {
            var kept = cleanRegions(regions, known, settings);
            var chosen = cleanLang(lang, settings);
            view = {regions: kept.regions, lang: chosen.lang};
            if (kept.ok && chosen.ok) {
                return [search(view, settings), skip, skip, []];
            }
            var notice = paragraphs([{key: 'notice.bad_input', args: {}}], chosen.lang, settings);
            return [search(view, settings), kept.regions, chosen.lang, notice];
        }
        // The page load, or the back/forward button: the URL decides.
        var parsed = parse(currentSearch, known, settings);
        var canonical = search(parsed.view, settings);
        return [
            canonical !== (currentSearch || '') ? canonical : skip,
            parsed.view.regions,
            parsed.view.lang,
            paragraphs(parsed.notices, parsed.view.lang, settings),
        ];
    }

    function sameView(a, b) {
        return a.lang === b.lang && sameList(a.regions, b.regions);
    }

    function sameList(a, b) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
            a.every(function (item, i) { return item === b[i]; });
    }

    // The search string toUrl last set: when the URL brings it back to
    // fromUrl, it is the page's own, not a navigation.
    var written = null;
    // The view a shown notice is about: it stays while that view is shown.
    var noticeView = null;

    /* The URL (page load, back/forward) or a click on the overview ->
     * [url search, filter value, language, notice children], as resolve(),
     * but only the values that change: an equal value set again still fires
     * every callback that reads it. Nothing for the URL toUrl has just
     * written. A click sets the filter only; the URL follows the charts. */
    function fromUrl(trigger, currentSearch, regions, lang, click, known, settings, skip) {
        var own = trigger === settings.ids.url && written !== null && currentSearch === written;
        written = null;
        if (own) {
            return [skip, skip, skip, skip];
        }
        var out = resolve(trigger, currentSearch, regions, lang, click, known, settings, skip);
        if (trigger === settings.ids.overview) {
            out[0] = skip;
            out[3] = skip;
        }
        var shown = {regions: cleanRegions(regions, known, settings).regions, lang: cleanLang(lang, settings).lang};
        var next = {regions: out[1] === skip ? shown.regions : out[1], lang: out[2] === skip ? shown.lang : out[2]};
        if (out[0] === (currentSearch || '')) {
            out[0] = skip;
        }
        if (sameList(next.regions, shown.regions)) {
            out[1] = skip;
        }
        if (next.lang === shown.lang) {
            out[2] = skip;
        }
        if (out[3] !== skip) {
            if (out[3].length) {
                noticeView = next;
            } else if (sameView(next, shown)) {
                out[3] = skip;
            } else {
                noticeView = null;
            }
        }
        return out;
    }

    /* The charts of a view are drawn (`drawn`, the view the server drew)
     * -> [url search, filter value, language, notice children] to set,
     * `skip` where nothing changes: the canonical URL, for a bad value the
     * corrected one and a notice, and no notice once the user has moved on
     * from the view it is about. Nothing while the filter already shows a
     * newer view: its charts are on their way and settle in turn. */
    function toUrl(drawn, currentSearch, regions, lang, currentNotice, known, settings, skip) {
        var view = {regions: cleanRegions(regions, known, settings).regions, lang: cleanLang(lang, settings).lang};
        if (drawn && !sameView(drawn, view)) {
            return [skip, skip, skip, skip];
        }
        var out = resolve(settings.ids.filter, currentSearch, regions, lang, null, known, settings, skip);
        if (out[0] === (currentSearch || '')) {
            out[0] = skip;
        } else {
            written = out[0];
        }
        if (sameList(out[1], regions)) {
            out[1] = skip;
        }
        if (out[2] === lang) {
            out[2] = skip;
        }
        if (out[3].length) {
            noticeView = view;
        } else if (currentNotice && currentNotice.length && !(noticeView && sameView(noticeView, view))) {
            noticeView = null;  // out[3] is [], which clears it
        } else {
            out[3] = skip;  // nothing to clear: no update (children updates cost a layout walk)
        }
        return out;
    }

    window.dashboardView = {
        parse: parse, search: search, resolve: resolve, cleanRegions: cleanRegions,
        fromUrl: fromUrl, toUrl: toUrl,
    };
}());
