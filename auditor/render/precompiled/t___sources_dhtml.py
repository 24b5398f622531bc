from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_sources.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_sources = resolve('sources')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<section aria-labelledby="sources-h" id="sources">\n<h2 id="sources-h">Sources</h2>\n'
    if (undefined(name='sources') if l_0_sources is missing else l_0_sources):
        pass
        yield '<div class="table-wrap">\n<table class="stack compact">\n<thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">Exported</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Devices</th></tr></thead>\n<tbody>\n'
        for l_1_s in (undefined(name='sources') if l_0_sources is missing else l_0_sources)[:300]:
            _loop_vars = {}
            pass
            yield '<tr><td data-label="File">'
            yield escape(t_2(environment.getattr(l_1_s, 'name'), 120))
            for l_2_w in environment.getattr(l_1_s, 'warnings'):
                _loop_vars = {}
                pass
                yield '<br><strong class="st-overdue">⚠ '
                yield escape(t_2(l_2_w, 100000))
                yield '</strong>'
            l_2_w = missing
            yield '</td>\n<td data-label="Format">'
            yield escape(t_2(environment.getattr(l_1_s, 'format'), 40))
            yield '</td><td data-label="Exported">'
            yield escape(t_2(environment.getattr(l_1_s, 'exported'), 40))
            yield '</td>\n<td data-label="Rows" class="num">'
            yield escape(environment.getattr(l_1_s, 'rows'))
            yield '</td><td data-label="Devices" class="num">'
            yield escape(environment.getattr(l_1_s, 'devices'))
            yield '</td></tr>\n'
        l_1_s = missing
        yield '</tbody></table></div>\n'
        if (t_1((undefined(name='sources') if l_0_sources is missing else l_0_sources)) > 300):
            pass
            yield '<p class="where">'
            yield escape((t_1((undefined(name='sources') if l_0_sources is missing else l_0_sources)) - 300))
            yield ' more inputs: every one is in <code>manifest.json</code> and <code>findings.json</code>.</p>'
        yield '<details><summary>Full paths, SHA-256, skipped rows and apps of each input</summary>\n<div class="table-wrap">\n<table class="stack compact">\n<thead><tr><th scope="col">Path</th><th scope="col">SHA-256</th><th scope="col" class="num">Skipped rows</th><th scope="col" class="num">Apps</th></tr></thead>\n<tbody>\n'
        for l_1_s in (undefined(name='sources') if l_0_sources is missing else l_0_sources)[:300]:
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Path">'
            yield escape(t_2(environment.getattr(l_1_s, 'path'), 400))
            yield '</td><td data-label="SHA-256"><code>'
            yield escape(environment.getattr(l_1_s, 'sha256'))
            yield '</code></td><td data-label="Skipped rows" class="num">'
            yield escape(environment.getattr(l_1_s, 'skipped'))
            yield '</td><td data-label="Apps" class="num">'
            yield escape(environment.getattr(l_1_s, 'apps'))
            yield '</td></tr>\n'
        l_1_s = missing
        yield '</tbody></table></div>\n</details>\n<p class="small muted">Exported: the newest timestamp inside the export; an export without one is dated by its file\'s modification time ("file time") for the staleness check. Every input\'s SHA-256 is also in <code>manifest.json</code>.</p>\n'
    else:
        pass
        yield '<p class="empty">No export was read.</p>'
    yield '</section>'

blocks = {}
debug_info = '3=25&8=28&9=32&10=41&11=45&14=51&20=57'

# Written by `python -m auditor.render.precompile` from _sources.html: do not edit.
