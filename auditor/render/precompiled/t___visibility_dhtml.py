from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_visibility.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_visibility = resolve('visibility')
    l_0_v = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_4 = environment.filters['relation']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'relation' found.")
    try:
        t_5 = environment.filters['role']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'role' found.")
    try:
        t_6 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    try:
        t_7 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    pass
    l_0_v = (undefined(name='visibility') if l_0_visibility is missing else l_0_visibility)
    context.vars['v'] = l_0_v
    context.exported_vars.add('v')
    yield '<section aria-labelledby="not-visible-h" id="not-visible">\n<h2 id="not-visible-h">Visibility: devices whose apps cannot be seen</h2>\n'
    if (not environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'devices')):
        pass
        yield '<p class="empty">No device was read: nothing is known about any device\'s apps.</p>\n'
    elif environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total'):
        pass
        yield '<ul class="cards" aria-label="Visibility">\n<li><b>'
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total'))
        yield '</b> of '
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'devices'))
        yield ' '
        yield escape(('device' if (environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'devices') == 1) else 'devices'))
        yield ' not fully visible</li>\n<li><b>'
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'high_risk'))
        yield '</b> of them high-risk people\'s</li>\n</ul>\n<p>These devices report only managed apps, or none: a banned app on them would not show here. They are <strong>not</strong> known to be compliant. Grouped by what to do; within a group by the owner\'s risk tier, family members first, minors first.</p>\n<div class="table-wrap">\n<table class="stack"><caption>By platform</caption><thead><tr><th scope="col">Platform</th><th scope="col">Visibility</th><th scope="col" class="num">Devices</th></tr></thead><tbody>\n'
        for (l_1_p, l_1_vis, l_1_n) in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'counts'):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Platform">'
            yield escape(l_1_p)
            yield '</td><td data-label="Visibility">'
            yield escape(l_1_vis)
            yield '</td><td data-label="Devices" class="num">'
            yield escape(l_1_n)
            yield '</td></tr>\n'
        l_1_p = l_1_vis = l_1_n = missing
        yield '</tbody></table></div>\n'
        l_1_loop = missing
        for l_1_group, l_1_loop in LoopContext(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'groups'), undefined):
            _loop_vars = {}
            pass
            yield '<p class="advice"><strong>What to do</strong> ('
            yield escape(t_2(environment.getattr(l_1_group, 'rows')))
            yield ' '
            yield escape(('device' if (t_2(environment.getattr(l_1_group, 'rows')) == 1) else 'devices'))
            yield '): '
            yield escape(t_6(environment.getattr(l_1_group, 'advice'), 600))
            yield '</p>\n<div class="table-wrap">\n<table class="stack"><caption>'
            yield escape(('Device' if (t_2(environment.getattr(l_1_group, 'rows')) == 1) else 'Devices'))
            if (environment.getattr(l_1_loop, 'length') > 1):
                pass
                yield ': group '
                yield escape(environment.getattr(l_1_loop, 'index'))
                yield ' of '
                yield escape(environment.getattr(l_1_loop, 'length'))
            if (t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'rows')) < environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total')):
                pass
                yield ' (of the first '
                yield escape(t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'rows')))
                yield ')'
            yield '</caption>\n<thead><tr><th scope="col">Tier</th><th scope="col">Owner</th><th scope="col">Relation or role</th><th scope="col">Device</th><th scope="col">Visibility</th><th scope="col">Seen by</th></tr></thead><tbody>\n'
            for l_2_item in environment.getattr(l_1_group, 'rows'):
                l_2_d = l_2_o = missing
                _loop_vars = {}
                pass
                l_2_d = environment.getattr(l_2_item, 'device')
                _loop_vars['d'] = l_2_d
                l_2_o = environment.getattr(l_2_item, 'owner')
                _loop_vars['o'] = l_2_o
                yield '<tr>\n<td data-label="Tier">'
                if (environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'tier') != 'unknown'):
                    pass
                    yield '<span class="tier '
                    yield escape(environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'tier'))
                    yield '">'
                    yield escape(environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'tier'))
                    yield '</span>'
                else:
                    pass
                    yield 'unknown'
                yield '</td>\n<td data-label="Owner">'
                yield escape(t_6((((((environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'name') or environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'email')) or environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'owner_email')) or environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'owner_upn')) or environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'owner_name')) or 'unknown'), 80))
                if (environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'name') and environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'email')):
                    pass
                    yield '<br><span class="small muted">'
                    yield escape(t_6(environment.getattr((undefined(name='o') if l_2_o is missing else l_2_o), 'email'), 80))
                    yield '</span>'
                yield '</td>\n<td data-label="Relation or role">'
                if t_4((undefined(name='o') if l_2_o is missing else l_2_o)):
                    pass
                    yield '<strong class="relation">'
                    yield escape(t_6(t_4((undefined(name='o') if l_2_o is missing else l_2_o)), 160))
                    yield '</strong>'
                else:
                    pass
                    yield escape(t_6(t_5((undefined(name='o') if l_2_o is missing else l_2_o)), 120))
                yield '</td>\n<td data-label="Device">'
                yield escape(t_6(((environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'name') or environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'serial')) or environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'key')), 80))
                yield '<br><span class="small muted">'
                yield escape(environment.getattr(environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'platform'), 'value'))
                yield ' · '
                yield escape(environment.getattr(environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'ownership'), 'value'))
                yield '</span></td>\n<td data-label="Visibility">'
                yield escape(environment.getattr(environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'app_visibility'), 'value'))
                yield '</td>\n<td data-label="Seen by">'
                yield escape(t_6(t_1(context.eval_ctx, t_7(environment, t_3(context, environment.getattr((undefined(name='d') if l_2_d is missing else l_2_d), 'sources'), attribute='tool')), ', '), 60))
                yield '</td></tr>\n'
            l_2_item = l_2_d = l_2_o = missing
            yield '</tbody></table></div>\n'
        l_1_loop = l_1_group = missing
        if (t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'rows')) < environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total')):
            pass
            yield '<p class="where">'
            yield escape((environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'total') - t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'rows'))))
            yield ' more devices are not listed here: every one is in <code>findings.json</code> (<code>not_visible</code>).</p>'
    else:
        pass
        yield '<p class="empty">Every device\'s full app list was visible to its source ('
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'devices'))
        yield ' '
        yield escape(('device' if (environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'devices') == 1) else 'devices'))
        yield ').</p>'
    yield '</section>'

blocks = {}
debug_info = '1=55&4=59&6=62&8=65&9=71&14=73&17=86&18=90&20=96&22=109&23=118&24=129&25=136&26=145&27=151&28=153&32=158&33=166'

# Written by `python -m auditor.render.precompile` from _visibility.html: do not edit.
