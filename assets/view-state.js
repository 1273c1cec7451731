/* The view in the URL <-> the region filter, the explorer's indicator and the language, in the browser.
 *
 * /?region=huanjiang,jiangxi&indicator=fiscal_revenue&lang=en holds the
 * view. A page load, a click on the overview or the back button reads it;
 * once the charts of a change are drawn, the page writes it. Two
 * browser-side callbacks (assets/clientside.js viewFromUrl, viewToUrl,
 * wired in components/web/callbacks/view.py), one per direction. The
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
    // env: {known: region ids the filter offers, indicators: indicator ids, settings}.
    function parse(search, env) {
        var settings = env.settings;
        var fallback = {regions: [], lang: settings.defaultLang, indicator: null, sort: null, q: ''};
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
            if ([names.region, names.lang, names.indicator, names.sort, names.q].indexOf(name) < 0) {
                notices.push({key: 'notice.unknown_param', args: {name: shown(name, settings)}});
            }
        });
        var single = function (name) {
            var values = params.get(name) || [];
            if (values.length > 1) {
                notices.push({key: 'notice.repeated', args: {name: name}});
                return null;
            }
            return values.length ? values[0] : null;
        };
        var lang = settings.defaultLang;
        var value = single(names.lang);
        if (value !== null) {
            if (settings.langs.indexOf(value) >= 0) {
                lang = value;
            } else {
                notices.push({key: 'notice.bad_lang', args: {value: shown(value, settings)}});
            }
        }
        var regions = [];
        value = single(names.region);
        if (value !== null) {
            var knownSet = new Set(env.known);
            var asked = value.split(',').map(function (p) { return p.trim(); }).filter(Boolean);
            var unknown = asked.filter(function (r) { return !knownSet.has(r); });
            if (unknown.length) {
                notices.push({key: 'notice.bad_region', args: {value: shown(unknown.join(', '), settings)}});
            }
            regions = sortedUnique(asked.filter(function (r) { return knownSet.has(r); }));
        }
        var indicator = null;
        value = single(names.indicator);
        if (value !== null && value !== '') {
            if ((env.indicators || []).indexOf(value) >= 0) {
                indicator = value;
            } else {
                notices.push({key: 'notice.bad_indicator', args: {value: shown(value, settings)}});
            }
        }
        var sort = null;
        value = single(names.sort);
        if (value !== null && value !== '') {
            sort = parseSort(value, settings);
            if (sort === null) {
                notices.push({key: 'notice.bad_sort', args: {value: shown(value, settings)}});
            }
        }
        value = single(names.q);
        var q = value === null ? '' : Array.from(value.trim()).slice(0, settings.table.maxSearch).join('');
        return {view: {regions: regions, lang: lang, indicator: indicator, sort: sort, q: q}, notices: notices};
    }

    // "value.desc" -> {column, direction} of a sortable column, else null.
    function parseSort(value, settings) {
        var at = typeof value === 'string' ? value.lastIndexOf('.') : -1;
        var column = at > 0 ? value.slice(0, at) : '';
        var direction = at > 0 ? value.slice(at + 1) : '';
        var ok = settings.table.sortable.indexOf(column) >= 0 && (direction === 'asc' || direction === 'desc');
        return ok ? {column: column, direction: direction} : null;
    }

    function sortParam(sort, settings) {
        if (!sort || typeof sort !== 'object') {
            return null;
        }
        var value = sort.column + '.' + sort.direction;
        return parseSort(value, settings) ? value : null;
    }

    // urllib.parse.quote_plus(value, safe=",:").
    function quote(value) {
        return encodeURIComponent(value)
            .replace(/[!'()*]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); })
            .replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%20/g, '+');
    }

    // The canonical search string ('' for the default view): region, indicator, sort, q, lang.
    function search(view, settings) {
        var parts = [];
        if (view.regions.length) {
            parts.push(settings.params.region + '=' + quote(view.regions.join(',')));
        }
        if (view.indicator) {
            parts.push(settings.params.indicator + '=' + quote(view.indicator));
        }
        var sort = sortParam(view.sort, settings);
        if (sort) {
            parts.push(settings.params.sort + '=' + quote(sort));
        }
        if (view.q) {
            parts.push(settings.params.q + '=' + quote(view.q));
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

    // null (automatic) or a known indicator id.
    function cleanIndicator(indicator, indicators) {
        if (indicator === null || indicator === undefined || indicator === '') {
            return {indicator: null, ok: true};
        }
        var ok = typeof indicator === 'string' && (indicators || []).indexOf(indicator) >= 0;
        return {indicator: ok ? indicator : null, ok: ok};
    }

    // The view a state's values stand for, and whether they were all usable.
    // The table's sort and search come from its own buttons and box, always usable.
    function clean(state, env) {
        var regions = cleanRegions(state.regions, env.known, env.settings);
        var lang = cleanLang(state.lang, env.settings);
        var indicator = cleanIndicator(state.indicator, env.indicators);
        var sort = sortParam(state.sort, env.settings) ? state.sort : null;
        var q = typeof state.q === 'string' ? Array.from(state.q.trim()).slice(0, env.settings.table.maxSearch).join('') : '';
        return {
            view: {regions: regions.regions, lang: lang.lang, indicator: indicator.indicator, sort: sort, q: q},
            ok: regions.ok && lang.ok && indicator.ok,
        };
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

    // Whether two views draw the same charts (the table's sort and search draw none).
    function sameView(a, b) {
        return a.lang === b.lang && (a.indicator || null) === (b.indicator || null) && sameList(a.regions, b.regions);
    }

    function sameSort(a, b) {
        return ((a && a.column) || null) === ((b && b.column) || null) && ((a && a.direction) || null) === ((b && b.direction) || null);
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

    /* The outputs of both directions, [url search, filter value, language,
     * indicator, notice children] (and for the reading side the table's sort
     * and search), `skip` where a value does not change: an equal value set
     * again still fires every callback that reads it. */
    function outputs(state, next, notice, skip) {
        return [
            next.search === (state.search || '') ? skip : next.search,
            sameList(next.view.regions, state.regions) ? skip : next.view.regions,
            next.view.lang === state.lang ? skip : next.view.lang,
            next.view.indicator === (state.indicator === undefined ? null : state.indicator) ? skip : next.view.indicator,
            notice,
        ];
    }

    function tableOutputs(state, view, skip) {
        return [
            sameSort(view.sort, state.sort) ? skip : view.sort,
            view.q === (state.q || '') ? skip : view.q,
        ];
    }

    /* The URL (page load, back/forward) or a click on the overview -> the view.
     * trigger: the id of what changed (null on page load); state: {search,
     * regions, lang, indicator, click}; env: {known, indicators, settings}.
     * Nothing for the URL toUrl has just written. A click sets the filter
     * only; the URL follows the charts. */
    function fromUrl(trigger, state, env, skip) {
        var settings = env.settings;
        var own = trigger === settings.ids.url && written !== null && state.search === written;
        written = null;
        if (own) {
            return [skip, skip, skip, skip, skip, skip, skip];
        }
        var shownView = clean(state, env).view;
        if (trigger === settings.ids.overview) {
            var region = clickedId(state.click, settings);
            if (region === null || env.known.indexOf(region) < 0) {
                return [skip, skip, skip, skip, skip, skip, skip];
            }
            var out = outputs(state, {search: state.search || '', view: Object.assign({}, shownView, {regions: [region]})}, skip, skip);
            out[0] = skip;
            return out.concat([skip, skip]);
        }
        var parsed = parse(state.search, env);
        var notice = paragraphs(parsed.notices, parsed.view.lang, settings);
        if (notice.length) {
            noticeView = parsed.view;
        } else if (sameView(parsed.view, shownView)) {
            notice = skip;
        } else {
            noticeView = null;
        }
        return outputs(state, {search: search(parsed.view, settings), view: parsed.view}, notice, skip)
            .concat(tableOutputs(state, parsed.view, skip));
    }

    /* The charts of a view are drawn (`drawn`, the view the server drew)
     * -> the outputs to set: the canonical URL, for a bad value the
     * corrected one and a notice, and no notice once the user has moved on
     * from the view it is about. state: {search, regions, lang, indicator,
     * notice}. Nothing while the page already shows a newer view: its charts
     * are on their way and settle in turn. */
    function toUrl(drawn, state, env, skip) {
        var settings = env.settings;
        var cleaned = clean(state, env);
        var view = cleaned.view;
        if (drawn && !sameView(drawn, view)) {
            return [skip, skip, skip, skip, skip];
        }
        var notice;
        if (!cleaned.ok) {
            notice = paragraphs([{key: 'notice.bad_input', args: {}}], view.lang, settings);
            noticeView = view;
        } else if (state.notice && state.notice.length && !(noticeView && sameView(noticeView, view))) {
            notice = [];  // the user has moved on: the notice goes
            noticeView = null;
        } else {
            notice = skip;  // nothing to clear: no update (children updates cost a layout walk)
        }
        var out = outputs(state, {search: search(view, settings), view: view}, notice, skip);
        if (cleaned.ok) {
            // Usable values stay as the user set them (a filter's order is its own).
            out[1] = out[2] = out[3] = skip;
        }
        if (out[0] !== skip) {
            written = out[0];
        }
        return out;
    }

    window.dashboardView = {
        sameSort: sameSort,
        parse: parse, search: search, clean: clean, fromUrl: fromUrl, toUrl: toUrl,
    };
}());
