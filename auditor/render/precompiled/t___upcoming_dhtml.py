from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_upcoming.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_upcoming = resolve('upcoming')
    l_0_result = resolve('result')
    try:
        t_1 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<section aria-labelledby="upcoming-h" id="upcoming">\n<h2 id="upcoming-h">Upcoming bans</h2>\n'
    if (undefined(name='upcoming') if l_0_upcoming is missing else l_0_upcoming):
        pass
        yield '<p class="muted">Bans that are signed but not yet in effect on '
        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat')))
        yield ', and the devices they will catch.</p>\n<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">Takes effect</th><th scope="col">App</th><th scope="col">Policy</th><th scope="col" class="num">Devices</th><th scope="col" class="num">People</th></tr></thead><tbody>\n'
        for l_1_u in (undefined(name='upcoming') if l_0_upcoming is missing else l_0_upcoming):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Takes effect"><strong>'
            yield escape(context.call(environment.getattr(environment.getattr(l_1_u, 'effective'), 'isoformat'), _loop_vars=_loop_vars))
            yield '</strong> (in '
            yield escape(environment.getattr(l_1_u, 'days'))
            yield ' days)</td><td data-label="App">'
            yield escape(t_1(environment.getattr(l_1_u, 'app'), 60))
            yield '</td><td data-label="Policy">'
            yield escape(t_1(environment.getattr(l_1_u, 'pack_title'), 120))
            yield '<br><code>'
            yield escape(t_1(environment.getattr(l_1_u, 'pack_id'), 80))
            yield '</code></td><td data-label="Devices" class="num">'
            yield escape(environment.getattr(l_1_u, 'devices'))
            yield '</td><td data-label="People" class="num">'
            yield escape(environment.getattr(l_1_u, 'people'))
            yield '</td></tr>\n'
        l_1_u = missing
        yield '</tbody></table></div>\n'
    else:
        pass
        yield '<p class="empty">No ban that has yet to take effect matches a device in this fleet.</p>'
    yield '</section>'

blocks = {}
debug_info = '3=20&4=23&7=25'

# Written by `python -m auditor.render.precompile` from _upcoming.html: do not edit.
