from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_policies.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_packs = resolve('packs')
    l_0_result = resolve('result')
    try:
        t_1 = environment.filters['binding']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'binding' found.")
    try:
        t_2 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<section aria-labelledby="policies-h" id="policies">\n<h2 id="policies-h">Appendix: policies evaluated</h2>\n'
    if (undefined(name='packs') if l_0_packs is missing else l_0_packs):
        pass
        yield '<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">Policy</th><th scope="col">Jurisdiction and authority</th><th scope="col">Binding</th><th scope="col">Status on '
        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat')))
        yield '</th><th scope="col">Legal citation</th><th scope="col" class="num">Rules</th><th scope="col" class="num">Apps</th></tr></thead><tbody>\n'
        for l_1_p in (undefined(name='packs') if l_0_packs is missing else l_0_packs):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Policy"><strong>'
            yield escape(t_2(environment.getattr(l_1_p, 'title'), 200))
            yield '</strong><br><code>'
            yield escape(t_2(environment.getattr(l_1_p, 'id'), 80))
            yield '</code></td>\n<td data-label="Jurisdiction">'
            yield escape(t_2(environment.getattr(l_1_p, 'jurisdiction'), 60))
            if environment.getattr(l_1_p, 'authority'):
                pass
                yield '<br><span class="small">'
                yield escape(t_2(environment.getattr(l_1_p, 'authority'), 120))
                yield '</span>'
            if environment.getattr(l_1_p, 'instrument'):
                pass
                yield '<br><span class="small muted">'
                yield escape(t_2(environment.getattr(l_1_p, 'instrument'), 80))
                yield '</span>'
            yield '</td>\n<td data-label="Binding">'
            if (environment.getattr(environment.getattr(l_1_p, 'binding'), 'value') == 'adopted'):
                pass
                yield '<span class="adopted">'
                yield escape(t_2(t_1(l_1_p), 300))
                yield '</span>'
            else:
                pass
                yield '<strong>'
                yield escape(t_2(t_1(l_1_p), 300))
                yield '</strong>'
            yield '</td>\n<td data-label="Status">'
            yield escape(environment.getattr(l_1_p, 'status'))
            yield '</td>\n<td data-label="Citation">'
            yield escape(t_2(environment.getattr(l_1_p, 'citation'), 300))
            if (environment.getattr(l_1_p, 'url') and (context.call(environment.getattr(environment.getattr(l_1_p, 'url'), 'startswith'), 'https://', _loop_vars=_loop_vars) or context.call(environment.getattr(environment.getattr(l_1_p, 'url'), 'startswith'), 'http://', _loop_vars=_loop_vars))):
                pass
                yield '<br><a href="'
                yield escape(environment.getattr(l_1_p, 'url'))
                yield '" rel="noreferrer noopener">'
                yield escape(t_2(environment.getattr(l_1_p, 'url'), 100))
                yield '</a>'
            yield '</td>\n<td data-label="Rules" class="num">'
            yield escape(environment.getattr(l_1_p, 'rules'))
            yield '</td><td data-label="Apps" class="num">'
            yield escape(environment.getattr(l_1_p, 'apps'))
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</tbody></table></div>\n'
    else:
        pass
        yield '<p class="empty">No policy pack was evaluated.</p>'
    yield '</section>'

blocks = {}
debug_info = '3=26&5=29&6=31&7=39&8=51&9=62&10=64&11=73'

# Written by `python -m auditor.render.precompile` from _policies.html: do not edit.
