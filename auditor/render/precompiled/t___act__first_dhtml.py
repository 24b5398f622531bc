from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_act_first.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_people = resolve('people')
    l_0_people_total = resolve('people_total')
    l_0_result = resolve('result')
    l_0_held_urgent = resolve('held_urgent')
    l_0_email = resolve('email')
    l_0_carried_sentence = resolve('carried_sentence')
    l_0_carried = resolve('carried')
    l_0_held_sentence = resolve('held_sentence')
    l_0_held = resolve('held')
    l_0_held_total = resolve('held_total')
    l_0_waived = resolve('waived')
    l_0_waived_total = resolve('waived_total')
    l_0_unseen = resolve('unseen')
    l_0_unseen_total = resolve('unseen_total')
    l_0_cards = resolve('cards')
    l_0_visibility = resolve('visibility')
    l_0_name_line = l_0_said = missing
    try:
        t_1 = environment.filters['due']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'due' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
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
        t_7 = environment.filters['steps_id']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'steps_id' found.")
    pass
    def macro(l_1_o, l_1_badge, l_1_badge_class):
        t_8 = []
        if l_1_o is missing:
            l_1_o = undefined("parameter 'o' was not provided", name='o')
        if l_1_badge is missing:
            l_1_badge = undefined("parameter 'badge' was not provided", name='badge')
        if l_1_badge_class is missing:
            l_1_badge_class = undefined("parameter 'badge_class' was not provided", name='badge_class')
        pass
        t_8.extend((
            '<h4><span class="',
            escape(l_1_badge_class),
            '">',
            escape(l_1_badge),
            '</span>\n',
            escape(t_6(((environment.getattr(l_1_o, 'name') or environment.getattr(l_1_o, 'email')) or 'Owner unknown'), 100)),
            '\n',
        ))
        if (environment.getattr(l_1_o, 'name') and environment.getattr(l_1_o, 'email')):
            pass
            t_8.extend((
                '<span class="muted small">&lt;',
                escape(t_6(environment.getattr(l_1_o, 'email'), 100)),
                '&gt;</span>',
            ))
        t_8.append(
            '</h4>\n',
        )
        return concat(t_8)
    context.exported_vars.add('name_line')
    context.vars['name_line'] = l_0_name_line = Macro(environment, macro, 'name_line', ('o', 'badge', 'badge_class'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_o):
        t_9 = []
        if l_1_o is missing:
            l_1_o = undefined("parameter 'o' was not provided", name='o')
        pass
        if t_4(l_1_o):
            pass
            t_9.extend((
                '<strong class="relation">',
                escape(t_6(t_4(l_1_o), 200)),
                '</strong>',
            ))
        elif t_5(l_1_o):
            pass
            t_9.append(
                escape(t_6(t_5(l_1_o), 160)),
            )
        return concat(t_9)
    context.exported_vars.add('said')
    context.vars['said'] = l_0_said = Macro(environment, macro, 'said', ('o',), False, False, False, context.eval_ctx.autoescape)
    yield '<section aria-labelledby="act-first-h" id="act-first">\n<h2 id="act-first-h">Act first</h2>\n<h3 id="act-findings-h">P1 and P2 findings, by person</h3>\n'
    if (undefined(name='people') if l_0_people is missing else l_0_people):
        pass
        yield '<p class="muted">Whom to call, about what, by when: people with P1 or P2 findings in violation or overdue, or whose P1 or P2 waiver is about to expire; family members before staff of the same priority, minors first. One line per device and app, with every policy it breaks.</p>\n<ol class="people">\n'
        for l_1_person in (undefined(name='people') if l_0_people is missing else l_0_people):
            l_1_o = missing
            _loop_vars = {}
            pass
            l_1_o = environment.getattr(l_1_person, 'owner')
            _loop_vars['o'] = l_1_o
            yield '<li class="person '
            yield escape(environment.getattr(l_1_person, 'priority'))
            yield '">\n'
            yield escape(context.call((undefined(name='name_line') if l_0_name_line is missing else l_0_name_line), (undefined(name='o') if l_1_o is missing else l_1_o), environment.getattr(l_1_person, 'priority'), markup_join(('prio ', environment.getattr(l_1_person, 'priority'), )), _loop_vars=_loop_vars))
            yield '\n<p class="small">\n'
            yield escape(context.call((undefined(name='said') if l_0_said is missing else l_0_said), (undefined(name='o') if l_1_o is missing else l_1_o), _loop_vars=_loop_vars))
            yield '\n'
            if (environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'tier') != 'unknown'):
                pass
                yield ' · risk tier <strong>'
                yield escape(environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'tier'))
                yield '</strong>'
            elif (environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'staff_directory') and (environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'email') or environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'name'))):
                pass
                yield ' · not in the staff directory'
            elif (not environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'staff_directory')):
                pass
                yield ' · risk tier unknown (no staff directory given)'
            if environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'reasons'):
                pass
                yield ' · '
                yield escape(t_6(t_2(context.eval_ctx, environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'reasons'), '; '), 300))
            yield '</p>\n<ul>\n'
            for l_2_line in environment.getattr(l_1_person, 'lines'):
                l_2_f = missing
                _loop_vars = {}
                pass
                l_2_f = environment.getattr(l_2_line, 'worst')
                _loop_vars['f'] = l_2_f
                yield '<li><strong>'
                yield escape(t_6(environment.getattr(l_2_line, 'app'), 60))
                yield '</strong> on '
                yield escape(t_6(((environment.getattr(environment.getattr(l_2_line, 'device'), 'name') or environment.getattr(environment.getattr(l_2_line, 'device'), 'serial')) or environment.getattr(environment.getattr(l_2_line, 'device'), 'key')), 80))
                yield '\n<span class="muted">('
                yield escape(environment.getattr(environment.getattr(environment.getattr(l_2_line, 'device'), 'platform'), 'value'))
                yield ', '
                yield escape(environment.getattr(environment.getattr(environment.getattr(l_2_line, 'device'), 'ownership'), 'value'))
                if environment.getattr(environment.getattr(l_2_line, 'device'), 'sources'):
                    pass
                    yield ', '
                    yield escape(t_6(environment.getattr(environment.getitem(environment.getattr(environment.getattr(l_2_line, 'device'), 'sources'), 0), 'tool'), 30))
                yield ')</span>:\n<span class="st-'
                yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'status'), 'value'))
                yield '">'
                yield escape(t_1((undefined(name='f') if l_2_f is missing else l_2_f)))
                yield '</span>\n<span class="muted">· '
                yield escape(('policy' if (t_3(environment.getattr(l_2_line, 'policies')) == 1) else markup_join((t_3(environment.getattr(l_2_line, 'policies')), ' policies', ))))
                yield ': '
                yield escape(t_6(t_2(context.eval_ctx, environment.getattr(l_2_line, 'policies'), ', '), 400))
                if (environment.getattr(l_2_line, 'earliest_deadline') and (environment.getattr(l_2_line, 'earliest_deadline') != environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'deadline'))):
                    pass
                    yield ' · earliest deadline '
                    yield escape(context.call(environment.getattr(environment.getattr(l_2_line, 'earliest_deadline'), 'isoformat'), _loop_vars=_loop_vars))
                yield '</span>\n'
                if environment.getattr(l_2_line, 'probable'):
                    pass
                    yield '<span class="verify">verify</span><span class="why">'
                    yield escape(t_6((environment.getattr(l_2_line, 'confidence_note') or 'probable: not matched by a verified identifier'), 400))
                    yield '</span>'
                if (not (undefined(name='email') if l_0_email is missing else l_0_email)):
                    pass
                    yield '<span class="muted">· <a href="#'
                    yield escape(t_7((undefined(name='f') if l_2_f is missing else l_2_f)))
                    yield '">how to fix</a></span>'
                yield '</li>\n'
            l_2_line = l_2_f = missing
            yield '</ul>\n</li>\n'
        l_1_person = l_1_o = missing
        yield '</ol>\n'
        if ((undefined(name='people_total') if l_0_people_total is missing else l_0_people_total) > t_3((undefined(name='people') if l_0_people is missing else l_0_people))):
            pass
            yield '<p class="where">'
            yield escape(((undefined(name='people_total') if l_0_people_total is missing else l_0_people_total) - t_3((undefined(name='people') if l_0_people is missing else l_0_people))))
            yield ' more people with P1/P2 findings are in <code>actions.csv</code> (one row per device, sorted by priority).</p>'
    elif (environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete') and (undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent)):
        pass
        yield '<p class="empty">No P1 or P2 finding seen tonight is in violation or overdue, but '
        yield escape((undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent))
        yield ' open P1/P2 '
        yield escape(('device and app was' if ((undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent) == 1) else 'devices and apps were'))
        yield ' not re-checked tonight ('
        if (undefined(name='email') if l_0_email is missing else l_0_email):
            pass
            yield 'below'
        else:
            pass
            yield '<a href="#held-open">below</a>'
        yield '): call about '
        yield escape(('it' if ((undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent) == 1) else 'them'))
        yield ' as before.</p>\n'
    elif environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete'):
        pass
        yield '<p class="empty">No P1 or P2 finding is in violation or overdue, and no P1 or P2 waiver is about to expire. Nothing needs a call today.</p>\n'
    else:
        pass
        yield '<p class="empty">No P1 or P2 finding is in violation or overdue in what could be read.</p>\n'
    if (undefined(name='carried_sentence') if l_0_carried_sentence is missing else l_0_carried_sentence):
        pass
        yield '<div class="banner incomplete carried" role="alert" id="carried-forward"><p><strong>'
        yield escape(t_6((undefined(name='carried_sentence') if l_0_carried_sentence is missing else l_0_carried_sentence), 1000))
        yield '</strong></p>\n'
        if (undefined(name='carried') if l_0_carried is missing else l_0_carried):
            pass
            yield '<ul>\n'
            for l_1_c in (undefined(name='carried') if l_0_carried is missing else l_0_carried):
                _loop_vars = {}
                pass
                yield '<li><span class="prio '
                yield escape(environment.getattr(l_1_c, 'priority'))
                yield '">'
                yield escape(environment.getattr(l_1_c, 'priority'))
                yield '</span> <strong>'
                yield escape((t_6(environment.getattr(l_1_c, 'owner'), 100) or 'Owner unknown'))
                yield '</strong>: '
                yield escape(t_6(environment.getattr(l_1_c, 'app'), 60))
                yield ' on '
                yield escape(t_6(environment.getattr(l_1_c, 'device_name'), 80))
                yield '\n<span class="muted">· '
                yield escape(environment.getattr(l_1_c, 'status'))
                if environment.getattr(l_1_c, 'deadline'):
                    pass
                    yield ' (deadline '
                    yield escape(environment.getattr(l_1_c, 'deadline'))
                    yield ')'
                yield ' · first seen '
                yield escape(environment.getattr(l_1_c, 'first_seen'))
                yield ' · '
                yield escape(('policy' if (t_3(environment.getattr(l_1_c, 'policies')) == 1) else markup_join((t_3(environment.getattr(l_1_c, 'policies')), ' policies', ))))
                yield ': '
                yield escape(t_6(t_2(context.eval_ctx, environment.getattr(l_1_c, 'policies'), ', '), 400))
                yield '</span> <span class="carried-mark">carried</span></li>\n'
            l_1_c = missing
            yield '</ul>'
        yield '</div>\n'
    if (undefined(name='held_sentence') if l_0_held_sentence is missing else l_0_held_sentence):
        pass
        yield '<div class="banner incomplete carried" role="alert" id="held-open"><p><strong>'
        yield escape(t_6((undefined(name='held_sentence') if l_0_held_sentence is missing else l_0_held_sentence), 1000))
        yield '</strong></p>\n<ul>\n'
        for l_1_c in (undefined(name='held') if l_0_held is missing else l_0_held):
            _loop_vars = {}
            pass
            yield '<li><span class="prio '
            yield escape(environment.getattr(l_1_c, 'priority'))
            yield '">'
            yield escape(environment.getattr(l_1_c, 'priority'))
            yield '</span> <strong>'
            yield escape((t_6(environment.getattr(l_1_c, 'owner'), 100) or 'Owner unknown'))
            yield '</strong>: '
            yield escape(t_6(environment.getattr(l_1_c, 'app'), 60))
            yield ' on '
            yield escape(t_6(environment.getattr(l_1_c, 'device_name'), 80))
            yield '\n<span class="muted">· '
            yield escape(environment.getattr(l_1_c, 'status'))
            yield ' when last seen'
            if environment.getattr(l_1_c, 'deadline'):
                pass
                yield ' (deadline '
                yield escape(environment.getattr(l_1_c, 'deadline'))
                yield ')'
            yield ' · first seen '
            yield escape(environment.getattr(l_1_c, 'first_seen'))
            yield ' · last seen '
            yield escape(environment.getattr(l_1_c, 'last_seen'))
            yield ' · '
            yield escape(('policy' if (t_3(environment.getattr(l_1_c, 'policies')) == 1) else markup_join((t_3(environment.getattr(l_1_c, 'policies')), ' policies', ))))
            yield ': '
            yield escape(t_6(t_2(context.eval_ctx, environment.getattr(l_1_c, 'policies'), ', '), 400))
            yield '</span> <span class="carried-mark">not re-checked tonight</span></li>\n'
        l_1_c = missing
        yield '</ul>\n'
        if (t_3((undefined(name='held') if l_0_held is missing else l_0_held)) < (undefined(name='held_total') if l_0_held_total is missing else l_0_held_total)):
            pass
            yield '<p class="where">'
            yield escape(((undefined(name='held_total') if l_0_held_total is missing else l_0_held_total) - t_3((undefined(name='held') if l_0_held is missing else l_0_held))))
            yield ' more in <code>findings.json</code> (<code>held_open</code>) and <code>actions.csv</code>.</p>'
        yield '</div>\n'
    if (undefined(name='waived') if l_0_waived is missing else l_0_waived):
        pass
        yield '<h3 id="act-waived-h">Waived P1 and P2 findings</h3>\n<p class="muted">Not counted as open and not in the list above, because a waiver covers them: check that each waiver means them.</p>\n<ul>\n'
        for l_1_w in (undefined(name='waived') if l_0_waived is missing else l_0_waived):
            _loop_vars = {}
            pass
            yield '<li><span class="prio '
            yield escape(environment.getattr(l_1_w, 'priority'))
            yield '">'
            yield escape(environment.getattr(l_1_w, 'priority'))
            yield '</span> <strong>'
            yield escape(t_6(((environment.getattr(environment.getattr(l_1_w, 'owner'), 'name') or environment.getattr(environment.getattr(l_1_w, 'owner'), 'email')) or 'Owner unknown'), 100))
            yield '</strong>'
            if (environment.getattr(environment.getattr(l_1_w, 'owner'), 'name') and environment.getattr(environment.getattr(l_1_w, 'owner'), 'email')):
                pass
                yield ' <span class="muted small">&lt;'
                yield escape(t_6(environment.getattr(environment.getattr(l_1_w, 'owner'), 'email'), 100))
                yield '&gt;</span>'
            yield ': '
            yield escape(t_6(environment.getattr(l_1_w, 'app'), 60))
            yield ' on '
            yield escape(t_6(environment.getattr(l_1_w, 'device'), 80))
            yield ' · waived by '
            yield escape(t_6(t_2(context.eval_ctx, environment.getattr(l_1_w, 'waivers'), ', '), 200))
            yield '</li>\n'
        l_1_w = missing
        yield '</ul>\n'
        if ((undefined(name='waived_total') if l_0_waived_total is missing else l_0_waived_total) > t_3((undefined(name='waived') if l_0_waived is missing else l_0_waived))):
            pass
            yield '<p class="where">'
            yield escape(((undefined(name='waived_total') if l_0_waived_total is missing else l_0_waived_total) - t_3((undefined(name='waived') if l_0_waived is missing else l_0_waived))))
            yield ' more under '
            if (undefined(name='email') if l_0_email is missing else l_0_email):
                pass
                yield 'Waivers in the report'
            else:
                pass
                yield '<a href="#waivers">Waivers</a>'
            yield '.</p>'
    yield '<h3 id="act-unseen-h">High-risk people whose devices cannot be seen</h3>\n'
    if (undefined(name='unseen') if l_0_unseen is missing else l_0_unseen):
        pass
        yield '<p class="muted">Their devices report only managed apps, or none: a banned app on them would not show in any finding, so they are <strong>not</strong> known to be clean. By tier; family members first, minors first.</p>\n<ol class="people">\n'
        for l_1_u in (undefined(name='unseen') if l_0_unseen is missing else l_0_unseen):
            l_1_o = missing
            _loop_vars = {}
            pass
            l_1_o = environment.getattr(l_1_u, 'owner')
            _loop_vars['o'] = l_1_o
            yield '<li class="person unseen tier-'
            yield escape(environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'tier'))
            yield '">\n'
            yield escape(context.call((undefined(name='name_line') if l_0_name_line is missing else l_0_name_line), (undefined(name='o') if l_1_o is missing else l_1_o), environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'tier'), markup_join(('tier ', environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'tier'), )), _loop_vars=_loop_vars))
            yield '\n<p class="small">'
            yield escape(context.call((undefined(name='said') if l_0_said is missing else l_0_said), (undefined(name='o') if l_1_o is missing else l_1_o), _loop_vars=_loop_vars))
            if environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'reasons'):
                pass
                yield ' · '
                yield escape(t_6(t_2(context.eval_ctx, environment.getattr((undefined(name='o') if l_1_o is missing else l_1_o), 'reasons'), '; '), 300))
            yield '</p>\n<ul>\n'
            for l_2_d in environment.getattr(l_1_u, 'devices'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(t_6(((environment.getattr(environment.getattr(l_2_d, 'device'), 'name') or environment.getattr(environment.getattr(l_2_d, 'device'), 'serial')) or environment.getattr(environment.getattr(l_2_d, 'device'), 'key')), 80))
                yield ' <span class="muted">('
                yield escape(environment.getattr(environment.getattr(environment.getattr(l_2_d, 'device'), 'platform'), 'value'))
                yield ', '
                yield escape(environment.getattr(environment.getattr(environment.getattr(l_2_d, 'device'), 'ownership'), 'value'))
                if environment.getattr(l_2_d, 'tool'):
                    pass
                    yield ', '
                    yield escape(t_6(environment.getattr(l_2_d, 'tool'), 30))
                yield ': '
                yield escape(('managed apps only' if (environment.getattr(environment.getattr(environment.getattr(l_2_d, 'device'), 'app_visibility'), 'value') == 'managed-only') else 'no apps'))
                yield ' visible)</span>.\n<strong>What to do:</strong> '
                yield escape(t_6(environment.getattr(l_2_d, 'todo'), 400))
                yield '</li>\n'
            l_2_d = missing
            yield '</ul>\n</li>\n'
        l_1_u = l_1_o = missing
        yield '</ol>\n'
        if ((undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total) > t_3((undefined(name='unseen') if l_0_unseen is missing else l_0_unseen))):
            pass
            yield '<p class="where">'
            yield escape(((undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total) - t_3((undefined(name='unseen') if l_0_unseen is missing else l_0_unseen))))
            yield ' more high-risk people with devices that cannot be seen are under '
            if (undefined(name='email') if l_0_email is missing else l_0_email):
                pass
                yield 'Visibility in the report'
            else:
                pass
                yield '<a href="#not-visible">Visibility</a>'
            yield '.</p>'
    elif (not environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'devices')):
        pass
        yield '<p class="empty">No device was read.</p>\n'
    elif environment.getattr((undefined(name='visibility') if l_0_visibility is missing else l_0_visibility), 'total'):
        pass
        yield '<p class="empty">'
        yield escape(environment.getattr((undefined(name='visibility') if l_0_visibility is missing else l_0_visibility), 'total'))
        yield ' of '
        yield escape(environment.getattr((undefined(name='visibility') if l_0_visibility is missing else l_0_visibility), 'devices'))
        yield " devices cannot be seen into, none of them a high-risk person's"
        if (not environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'staff_directory')):
            pass
            yield ' (no staff directory was given, so nobody has a risk tier)'
        yield '.</p>\n'
    else:
        pass
        yield '<p class="empty">Every device\'s app list was visible to its source.</p>\n'
    yield '</section>'

blocks = {}
debug_info = '1=70&2=81&3=85&4=88&6=101&10=122&13=125&14=132&15=134&17=136&18=138&19=149&22=154&23=161&24=165&25=173&26=177&27=185&28=190&34=200&35=205&36=208&37=221&42=227&43=230&44=232&45=235&46=249&50=265&51=268&53=270&54=284&56=302&59=308&63=311&65=335&68=348&71=351&72=358&73=360&74=362&76=368&77=372&78=384&84=390&85=402&87=405&88=408'

# Written by `python -m auditor.render.precompile` from _act_first.html: do not edit.
