from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_near_misses.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_near_misses = resolve('near_misses')
    l_0_result = resolve('result')
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
    yield '<section aria-labelledby="near-misses-h" id="near-misses">\n<h2 id="near-misses-h">For review: apps that resemble a banned app</h2>\n'
    if (undefined(name='near_misses') if l_0_near_misses is missing else l_0_near_misses):
        pass
        yield '<p class="muted">Installed apps that share a name, a word or a publisher with a catalogued app but matched no rule. They are <strong>not</strong> findings. Check each: if it is the banned app under another name or identifier, add that identifier to the catalog; if it is not, nothing is to be done.</p>\n<div class="table-wrap">\n<table class="stack">\n<thead><tr><th scope="col">App as seen</th><th scope="col">Publisher</th><th scope="col">Identifier</th><th scope="col">Platform</th><th scope="col">Resembles</th><th scope="col">Why listed</th><th scope="col" class="num">Devices</th><th scope="col">For example</th></tr></thead><tbody>\n'
        for l_1_n in (undefined(name='near_misses') if l_0_near_misses is missing else l_0_near_misses):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="App as seen">'
            yield escape(t_2(environment.getattr(l_1_n, 'name'), 80))
            yield '</td><td data-label="Publisher">'
            yield escape(t_2(environment.getattr(l_1_n, 'publisher'), 80))
            yield '</td><td data-label="Identifier">'
            if environment.getattr(l_1_n, 'identifier'):
                pass
                yield '<code>'
                yield escape(t_2(environment.getattr(l_1_n, 'identifier'), 80))
                yield '</code>'
            else:
                pass
                yield '<span class="muted">none in the inventory</span>'
            yield '</td><td data-label="Platform">'
            yield escape(t_2(environment.getattr(l_1_n, 'platform'), 20))
            yield '</td><td data-label="Resembles"><code>'
            yield escape(t_2(environment.getattr(l_1_n, 'resembles'), 60))
            yield '</code></td><td data-label="Why listed">'
            yield escape(t_2(environment.getattr(l_1_n, 'reason'), 300))
            yield '</td><td data-label="Devices" class="num">'
            yield escape(environment.getattr(l_1_n, 'devices'))
            yield '</td><td data-label="For example">'
            yield escape(t_2(environment.getattr(l_1_n, 'example'), 80))
            yield '</td></tr>\n'
        l_1_n = missing
        yield '</tbody></table></div>\n'
        if (t_1(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'near_misses')) > t_1((undefined(name='near_misses') if l_0_near_misses is missing else l_0_near_misses))):
            pass
            yield '<p class="where">'
            yield escape((t_1(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'near_misses')) - t_1((undefined(name='near_misses') if l_0_near_misses is missing else l_0_near_misses))))
            yield ' more in <code>findings.json</code>.</p>'
    else:
        pass
        yield '<p class="empty">No installed app resembles a catalogued app without matching it.</p>\n'
    yield '</section>'

blocks = {}
debug_info = '3=26&8=29&11=58'

# Written by `python -m auditor.render.precompile` from _near_misses.html: do not edit.
