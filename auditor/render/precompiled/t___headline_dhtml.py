from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_headline.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_result = resolve('result')
    l_0_summary = resolve('summary')
    l_0_email = resolve('email')
    l_0_carried = resolve('carried')
    l_0_held_urgent = resolve('held_urgent')
    l_0_cards = resolve('cards')
    l_0_people_total = resolve('people_total')
    l_0_people = resolve('people')
    l_0_unseen_total = resolve('unseen_total')
    l_0_unseen = resolve('unseen')
    try:
        t_1 = environment.filters['app_label']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'app_label' found.")
    try:
        t_2 = environment.filters['due']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'due' found.")
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
        t_5 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete'):
        pass
        yield '<div class="banner complete" role="status"><strong>Complete run:</strong> every input was read.</div>\n'
    else:
        pass
        yield '<div class="banner incomplete" role="alert"><strong>INCOMPLETE RUN: these findings are not the whole picture.</strong>\n<ul>'
        for l_1_reason in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'incomplete_reasons')[:20]:
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(t_5(l_1_reason, 100000))
            yield '</li>'
        l_1_reason = missing
        yield '</ul>\n'
        if (t_3(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'incomplete_reasons')) > 20):
            pass
            yield '<p>'
            yield escape((t_3(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'incomplete_reasons')) - 20))
            yield ' more reasons'
            if (undefined(name='email') if l_0_email is missing else l_0_email):
                pass
                yield " in the report's Data quality section"
            else:
                pass
                yield ' under <a href="#data-quality">Data quality</a>'
            yield '.</p>'
        yield '</div>\n'
    yield '<p class="headline">\n'
    if (undefined(name='carried') if l_0_carried is missing else l_0_carried):
        pass
        yield '<strong>'
        yield escape(t_3((undefined(name='carried') if l_0_carried is missing else l_0_carried)))
        yield ' open P1/P2 '
        yield escape(('finding' if (t_3((undefined(name='carried') if l_0_carried is missing else l_0_carried)) == 1) else 'findings'))
        yield ' carried forward</strong> from the last complete run ('
        yield escape(context.call(environment.getattr(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'carried_forward'), 'as_of'), 'isoformat')))
        yield '): this run could not check them; '
        if (undefined(name='email') if l_0_email is missing else l_0_email):
            pass
            yield 'see Act first'
        else:
            pass
            yield 'see <a href="#carried-forward">Act first</a>'
        yield '.\n'
    if (undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent):
        pass
        yield '<strong>'
        yield escape((undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent))
        yield ' open P1/P2 '
        yield escape(('finding' if ((undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent) == 1) else 'findings'))
        yield ' not re-checked tonight</strong> (held open from earlier runs: this run did not see '
        yield escape(("its device's" if ((undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent) == 1) else "their devices'"))
        yield ' apps); '
        if (undefined(name='email') if l_0_email is missing else l_0_email):
            pass
            yield 'see Act first'
        else:
            pass
            yield 'see <a href="#held-open">Act first</a>'
        yield '.\n'
    if (not environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'devices')):
        pass
        yield '<strong>No device was read:</strong> this run saw no fleet, so it cannot say whether any banned app is installed.\n'
    elif (undefined(name='people_total') if l_0_people_total is missing else l_0_people_total):
        pass
        yield '<strong>Call '
        yield escape((undefined(name='people_total') if l_0_people_total is missing else l_0_people_total))
        yield ' '
        yield escape(('person' if ((undefined(name='people_total') if l_0_people_total is missing else l_0_people_total) == 1) else 'people'))
        yield ' first</strong> about P1/P2 findings\n(most urgent: '
        yield escape(t_5(((environment.getattr(environment.getattr(environment.getitem((undefined(name='people') if l_0_people is missing else l_0_people), 0), 'owner'), 'name') or environment.getattr(environment.getattr(environment.getitem((undefined(name='people') if l_0_people is missing else l_0_people), 0), 'owner'), 'email')) or 'owner unknown'), 80))
        yield ', '
        yield escape(t_5(t_1(environment.getattr(environment.getitem((undefined(name='people') if l_0_people is missing else l_0_people), 0), 'worst')), 60))
        yield ', '
        yield escape(environment.getattr(environment.getattr(environment.getitem((undefined(name='people') if l_0_people is missing else l_0_people), 0), 'worst'), 'priority'))
        yield ', '
        yield escape(t_2(environment.getattr(environment.getitem((undefined(name='people') if l_0_people is missing else l_0_people), 0), 'worst')))
        yield ').\n'
    elif ((environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open') and environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete')) and (not (undefined(name='held_urgent') if l_0_held_urgent is missing else l_0_held_urgent))):
        pass
        yield '<strong>No P1 or P2 finding:</strong> nobody needs a call today.\n'
    elif (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open') and environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete')):
        pass
        yield '<strong>No P1 or P2 finding</strong> seen tonight.\n'
    elif environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open'):
        pass
        yield '<strong>No P1 or P2 finding</strong> in what could be read.\n'
    elif environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'total'):
        pass
        yield '<strong>No finding is open:</strong> '
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'upcoming'))
        yield ' upcoming, '
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'waived'))
        yield ' waived'
        if context.call(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'get'), 'for_the_record'):
            pass
            yield ', '
            yield escape(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'for_the_record'))
            yield ' for the record (violations of packs not in force on '
            yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat')))
            yield ': they do not fail the run)'
        yield '.\n'
    else:
        pass
        yield '<strong>No banned app was found</strong>'
        if (not environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete')):
            pass
            yield ' in what could be read'
        elif environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'held_open'):
            pass
            yield ' among the apps seen tonight'
        yield '. '
    if (undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total):
        pass
        yield '<strong>'
        yield escape((undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total))
        yield ' high-risk '
        yield escape(("person's devices cannot" if ((undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total) == 1) else "people's devices cannot"))
        yield ' be seen</strong>:\n'
        l_1_loop = missing
        for l_1_u, l_1_loop in LoopContext((undefined(name='unseen') if l_0_unseen is missing else l_0_unseen)[:3], undefined):
            _loop_vars = {}
            pass
            yield escape(t_5(((environment.getattr(environment.getattr(l_1_u, 'owner'), 'name') or environment.getattr(environment.getattr(l_1_u, 'owner'), 'email')) or 'owner unknown'), 80))
            if t_4(environment.getattr(l_1_u, 'owner')):
                pass
                yield ' ('
                yield escape(t_5(t_4(environment.getattr(l_1_u, 'owner')), 120))
                yield ')'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_u = missing
        if ((undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total) > 3):
            pass
            yield ' and '
            yield escape(((undefined(name='unseen_total') if l_0_unseen_total is missing else l_0_unseen_total) - 3))
            yield ' more'
        yield '.\n'
    if environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'devices'):
        pass
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'total'))
        yield ' '
        yield escape(('finding' if (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'total') == 1) else 'findings'))
        yield ' on '
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'devices_with_findings'))
        yield ' of '
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'devices'))
        yield ' '
        yield escape(('device' if (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'devices') == 1) else 'devices'))
        yield '.'
    yield '</p>\n<ul class="cards" aria-label="Findings by priority and state">\n'
    for (l_1_p, l_1_n) in environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open_by_priority'):
        _loop_vars = {}
        pass
        yield '<li><b>'
        yield escape(l_1_n)
        yield '</b> <span class="prio '
        yield escape(l_1_p)
        yield '">'
        yield escape(l_1_p)
        yield '</span> open</li>\n'
    l_1_p = l_1_n = missing
    yield '<li><b>'
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'overdue'))
    yield '</b> of them overdue</li>\n<li><b>'
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'upcoming'))
    yield '</b> upcoming</li>\n<li><b>'
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'waived'))
    yield '</b> waived</li>\n'
    if environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'probable'):
        pass
        yield '<li><b>'
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'probable'))
        yield '</b> <span class="verify">verify</span> probable</li>\n'
    yield '</ul>\n<p class="small muted">'
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'total'))
    yield ' '
    yield escape(('finding' if (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'total') == 1) else 'findings'))
    yield ' in all: '
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open'))
    yield ' open (in violation or overdue; counted by priority above and in the trend), '
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'upcoming'))
    yield ' upcoming ('
    if (undefined(name='email') if l_0_email is missing else l_0_email):
        pass
        yield 'Upcoming bans'
    else:
        pass
        yield '<a href="#upcoming">Upcoming bans</a>'
    yield '), '
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'waived'))
    yield ' waived ('
    if (undefined(name='email') if l_0_email is missing else l_0_email):
        pass
        yield 'Waivers'
    else:
        pass
        yield '<a href="#waivers">Waivers</a>'
    yield ').\n'
    if environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'probable'):
        pass
        yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'probable'))
        yield ' '
        yield escape(('is' if (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'probable') == 1) else 'are'))
        yield ' probable: marked <span class="verify">verify</span>, with what would confirm '
        yield escape(('it' if (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'probable') == 1) else 'them'))
        yield '.'
    yield '</p>'

blocks = {}
debug_info = '2=51&6=57&7=65&11=79&13=95&15=111&16=114&17=121&18=129&19=132&20=135&21=138&22=156&23=163&24=171&26=190&29=203&31=215&32=217&33=219&34=221&37=227&38=251'

# Written by `python -m auditor.render.precompile` from _headline.html: do not edit.
