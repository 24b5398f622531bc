from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_changes.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_changes = resolve('changes')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['pack_change']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'pack_change' found.")
    try:
        t_3 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<section aria-labelledby="changes-h" id="changes">\n<h2 id="changes-h">What changed</h2>\n<h3 id="changes-law-h">In the law</h3>\n'
    if environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'law'):
        pass
        yield '<p class="muted">Policy packs added, or whose status changed, since the run of '
        yield escape((environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'since') or 'the previous run'))
        yield '.</p>\n<ul class="law">\n'
        for l_1_c in environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'law'):
            l_1_email = resolve('email')
            _loop_vars = {}
            pass
            yield '<li><strong>'
            yield escape(t_3(environment.getattr(l_1_c, 'title'), 200))
            yield '</strong> <code>'
            yield escape(t_3(environment.getattr(l_1_c, 'pack_id'), 80))
            yield '</code>:\n'
            yield escape(t_3(t_2(l_1_c), 2000))
            yield '\n'
            if environment.getattr(l_1_c, 'source'):
                pass
                yield ' <span class="small muted">(source: '
                if ((not (undefined(name='email') if l_1_email is missing else l_1_email)) and (context.call(environment.getattr(environment.getattr(l_1_c, 'source'), 'startswith'), 'https://', _loop_vars=_loop_vars) or context.call(environment.getattr(environment.getattr(l_1_c, 'source'), 'startswith'), 'http://', _loop_vars=_loop_vars))):
                    pass
                    yield '<a href="'
                    yield escape(environment.getattr(l_1_c, 'source'))
                    yield '" rel="noreferrer noopener">'
                    yield escape(t_3(environment.getattr(l_1_c, 'source'), 200))
                    yield '</a>'
                else:
                    pass
                    yield escape(t_3(environment.getattr(l_1_c, 'source'), 300))
                yield ')</span>'
            yield '</li>\n'
        l_1_c = l_1_email = missing
        yield '</ul>\n'
    elif environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'history'):
        pass
        yield '<p class="empty">No policy pack was added or changed status since the run of '
        yield escape(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'since'))
        yield '.</p>\n'
    else:
        pass
        yield '<p class="empty">Nothing to compare with yet: changes in the law are shown from the second run that keeps a history.</p>\n'
    yield '<h3 id="changes-fleet-h">In the fleet, since the last run</h3>\n'
    if environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'history'):
        pass
        yield '<p><strong>'
        yield escape(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'new'))
        yield '</strong> new, <strong>'
        yield escape(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'reopened'))
        yield '</strong> reopened, '
        yield escape(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'persisting'))
        yield ' persisting, <strong>'
        yield escape(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved_total'))
        yield '</strong> resolved since the run of '
        yield escape(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'since'))
        yield ' <span class="muted">(apps on devices: one per device and app, however many policies ban it)</span>.</p>\n'
        if environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved'):
            pass
            yield '<div class="table-wrap">\n<table class="stack"><caption>Resolved: in the previous run, gone now</caption>\n<thead><tr><th scope="col">App</th><th scope="col">Device</th><th scope="col">Owner</th><th scope="col">Policies</th><th scope="col">First seen</th></tr></thead><tbody>\n'
            l_1_loop = missing
            for l_1_r, l_1_loop in LoopContext(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved'), undefined):
                _loop_vars = {}
                pass
                yield '<tr><td data-label="App">'
                yield escape(t_3(environment.getattr(l_1_r, 'app'), 60))
                yield '</td><td data-label="Device">'
                yield escape(t_3(environment.getattr(l_1_r, 'device'), 80))
                yield '</td><td data-label="Owner">'
                yield escape(t_3(environment.getattr(l_1_r, 'owner'), 80))
                yield '</td><td data-label="Policies">'
                l_2_loop = missing
                for l_2_p, l_2_loop in LoopContext(environment.getattr(l_1_r, 'policies'), undefined):
                    _loop_vars = {}
                    pass
                    yield '<code>'
                    yield escape(t_3(l_2_p, 80))
                    yield '</code>'
                    if (not environment.getattr(l_2_loop, 'last')):
                        pass
                        yield ', '
                l_2_loop = l_2_p = missing
                yield '</td><td data-label="First seen">'
                yield escape(context.call(environment.getattr(environment.getattr(l_1_r, 'first_seen'), 'isoformat'), _loop_vars=_loop_vars))
                yield '</td></tr>\n'
            l_1_loop = l_1_r = missing
            yield '</tbody></table></div>\n'
            if (environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved_total') > t_1(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved'))):
                pass
                yield '<p>'
                yield escape((environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved_total') - t_1(environment.getattr((undefined(name='changes') if l_0_changes is missing else l_0_changes), 'resolved'))))
                yield ' more in findings.json (<code>resolved</code>).</p>'
    else:
        pass
        yield '<p class="empty">Nothing to compare with: changes are shown from the second run that keeps a history (<code>auditor run</code>, or <code>auditor audit --history FILE</code>).</p>\n'
    yield '</section>'

blocks = {}
debug_info = '4=31&5=34&7=36&8=45&9=47&12=64&16=73&17=76&18=86&22=90&25=116'

# Written by `python -m auditor.render.precompile` from _changes.html: do not edit.
