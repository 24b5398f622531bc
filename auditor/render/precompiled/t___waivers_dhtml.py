from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_waivers.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_result = resolve('result')
    l_0_waived_findings = resolve('waived_findings')
    try:
        t_1 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<section aria-labelledby="waivers-h" id="waivers">\n<h2 id="waivers-h">Waivers</h2>\n'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'waivers'):
        pass
        yield '<p class="muted">'
        yield escape((undefined(name='waived_findings') if l_0_waived_findings is missing else l_0_waived_findings))
        yield ' '
        yield escape(('finding is' if ((undefined(name='waived_findings') if l_0_waived_findings is missing else l_0_waived_findings) == 1) else 'findings are'))
        yield ' covered by a waiver: '
        yield escape(('it is' if ((undefined(name='waived_findings') if l_0_waived_findings is missing else l_0_waived_findings) == 1) else 'they are'))
        yield ' listed under Findings with status waived, and not counted as open. An expired waiver no longer covers anything: its findings are back among the violations.</p>\n<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">Waiver</th><th scope="col">State</th><th scope="col">Covers</th><th scope="col">Reason</th><th scope="col">Approved by</th><th scope="col">Granted</th><th scope="col">Expires</th><th scope="col" class="num">Findings</th></tr></thead><tbody>\n'
        for l_1_w in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'waivers'):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Waiver">'
            yield escape(t_1(environment.getattr(l_1_w, 'id'), 60))
            if environment.getattr(l_1_w, 'ticket'):
                pass
                yield '<br><span class="small muted">'
                yield escape(t_1(environment.getattr(l_1_w, 'ticket'), 60))
                yield '</span>'
            yield '</td>\n<td data-label="State" class="state'
            yield escape((' st-overdue' if (environment.getattr(l_1_w, 'state') == 'expired') else (' st-violation' if (environment.getattr(l_1_w, 'state') == 'expiring-soon') else '')))
            yield '">'
            yield escape(environment.getattr(l_1_w, 'state'))
            yield '</td>\n<td data-label="Covers">'
            yield escape(t_1(environment.getattr(l_1_w, 'covers'), 160))
            yield '</td><td data-label="Reason">'
            yield escape(t_1(environment.getattr(l_1_w, 'reason'), 300))
            yield '</td><td data-label="Approved by">'
            yield escape(t_1(environment.getattr(l_1_w, 'approver'), 80))
            yield '</td>\n<td data-label="Granted">'
            yield escape((context.call(environment.getattr(environment.getattr(l_1_w, 'granted'), 'isoformat'), _loop_vars=_loop_vars) if environment.getattr(l_1_w, 'granted') else ''))
            yield '</td><td data-label="Expires">'
            yield escape((context.call(environment.getattr(environment.getattr(l_1_w, 'expires'), 'isoformat'), _loop_vars=_loop_vars) if environment.getattr(l_1_w, 'expires') else 'never'))
            yield '</td><td data-label="Findings" class="num">'
            yield escape(environment.getattr(l_1_w, 'findings'))
            yield '</td></tr>\n'
        l_1_w = missing
        yield '</tbody></table></div>\n'
    else:
        pass
        yield '<p class="empty">No waivers file was given'
        if (undefined(name='waived_findings') if l_0_waived_findings is missing else l_0_waived_findings):
            pass
            yield ', yet '
            yield escape((undefined(name='waived_findings') if l_0_waived_findings is missing else l_0_waived_findings))
            yield ' findings are waived'
        yield '.</p>'
    yield '</section>'

blocks = {}
debug_info = '3=20&4=23&7=29&8=40&9=44&10=50&13=61'

# Written by `python -m auditor.render.precompile` from _waivers.html: do not edit.
