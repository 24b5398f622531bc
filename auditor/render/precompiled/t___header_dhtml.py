from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_header.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_logo = resolve('logo')
    l_0_organisation = resolve('organisation')
    l_0_result = resolve('result')
    l_0_generated_at = resolve('generated_at')
    l_0_version = resolve('version')
    try:
        t_1 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<header class="top">\n'
    if (undefined(name='logo') if l_0_logo is missing else l_0_logo):
        pass
        yield '<img src="'
        yield escape((undefined(name='logo') if l_0_logo is missing else l_0_logo))
        yield '" alt="'
        yield escape(t_1(((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation) or 'Organisation'), 80))
        yield ' logo">'
    yield '<div>\n<h1>Banned-app audit'
    if (undefined(name='organisation') if l_0_organisation is missing else l_0_organisation):
        pass
        yield ': '
        yield escape(t_1((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation), 120))
    yield '</h1>\n<p class="meta">As of <strong>'
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat')))
    yield '</strong> · generated '
    yield escape((undefined(name='generated_at') if l_0_generated_at is missing else l_0_generated_at))
    yield ' · Fleet Auditor '
    yield escape((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '</p>\n</div>\n</header>\n<nav class="toc" aria-label="Sections">\n<ol>\n<li><a href="#act-first">Act first</a></li><li><a href="#summary">Summary</a></li><li><a href="#changes">Changes</a></li>\n<li><a href="#findings">Findings</a></li><li><a href="#near-misses">For review</a></li><li><a href="#upcoming">Upcoming bans</a></li>\n<li><a href="#waivers">Waivers</a></li><li><a href="#not-visible">Visibility</a></li><li><a href="#data-quality">Data quality</a></li>\n<li><a href="#sources">Sources</a></li><li><a href="#policies">Policies</a></li>\n</ol>\n</nav>\n'
    template = environment.get_template('_headline.html', '_header.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

blocks = {}
debug_info = '2=23&4=31&5=36&16=42'

# Written by `python -m auditor.render.precompile` from _header.html: do not edit.
