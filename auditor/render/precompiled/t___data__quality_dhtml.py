from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_data_quality.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_quality = resolve('quality')
    l_0_summary = resolve('summary')
    l_0_q = missing
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
        t_4 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    try:
        t_5 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    pass
    l_0_q = (undefined(name='quality') if l_0_quality is missing else l_0_quality)
    context.vars['q'] = l_0_q
    context.exported_vars.add('q')
    yield '<section aria-labelledby="data-quality-h" id="data-quality">\n<h2 id="data-quality-h">Data quality</h2>\n<h3>Skipped rows</h3>\n'
    if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped_rows'):
        pass
        yield '<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th><th scope="col">Why</th></tr></thead><tbody>\n'
        for l_1_p in environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped_rows'):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="File">'
            yield escape(t_4(environment.getattr(l_1_p, 'source'), 400))
            yield '</td><td data-label="Line" class="num">'
            yield escape(environment.getattr(l_1_p, 'line'))
            yield '</td><td data-label="Why">'
            yield escape(t_4(environment.getattr(l_1_p, 'message'), 100000))
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</tbody></table></div>\n'
    else:
        pass
        yield '<p class="empty">No row was skipped.</p>'
    yield '<h3>Other problems</h3>\n'
    if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'other_problems'):
        pass
        yield '<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">Source</th><th scope="col">Problem</th><th scope="col">Effect</th></tr></thead><tbody>\n'
        for l_1_p in environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'other_problems'):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Source">'
            yield escape(t_4(environment.getattr(l_1_p, 'source'), 400))
            yield '</td><td data-label="Problem">'
            yield escape(t_4(environment.getattr(l_1_p, 'message'), 100000))
            yield '</td><td data-label="Effect">'
            yield escape(('run incomplete' if environment.getattr(l_1_p, 'fatal') else 'noted'))
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</tbody></table></div>\n'
    else:
        pass
        yield '<p class="empty">None.</p>'
    if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'problem_total') > (t_2(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped_rows')) + t_2(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'other_problems')))):
        pass
        yield '<p class="where">'
        yield escape(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'problem_total'))
        yield ' problems in all: every one is in <code>findings.json</code> (<code>problems</code>).</p>'
    yield '<h3>Owners not in the staff directory</h3>\n'
    if (not environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'directory_used')):
        pass
        yield '<p class="empty">No owner was matched to a staff directory (none was given): owners are shown as the inventory names them, and priorities assume standard staff.</p>\n'
    elif environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unmatched_owners'):
        pass
        yield '<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">Owner as the inventory names them</th><th scope="col" class="num">Devices with findings</th></tr></thead><tbody>\n'
        for (l_1_who, l_1_n) in environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unmatched_owners'):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Owner">'
            yield escape(t_4(l_1_who, 100))
            yield '</td><td data-label="Devices" class="num">'
            yield escape(l_1_n)
            yield '</td></tr>\n'
        l_1_who = l_1_n = missing
        yield '</tbody></table></div>\n'
        if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unmatched_total') > t_2(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unmatched_owners'))):
            pass
            yield '<p>'
            yield escape((environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unmatched_total') - t_2(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unmatched_owners'))))
            yield ' more.</p>'
    else:
        pass
        yield '<p class="empty">Every owner of a device with a finding is in the staff directory.</p>'
    yield '<p>'
    if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ownerless_devices'):
        pass
        yield '<strong>'
        yield escape(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ownerless_devices'))
        yield ' devices with findings have no owner at all</strong> in any export.'
    elif environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'findings'):
        pass
        yield 'Every device with a finding has a named owner.'
    else:
        pass
        yield 'No finding, so no owner to look up.'
    yield '</p>\n<h3>Possible duplicate devices</h3>\n'
    if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'duplicates'):
        pass
        yield '<p class="muted">Same device name, kept apart because no serial number or hardware id joined them.</p>\n<div class="table-wrap">\n<table class="stack"><thead><tr><th scope="col">Name</th><th scope="col">Records</th></tr></thead><tbody>\n'
        l_1_loop = missing
        for (l_1_name, l_1_ds), l_1_loop in LoopContext(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'duplicates'), undefined):
            _loop_vars = {}
            pass
            yield '<tr><td data-label="Name">'
            yield escape(t_4(l_1_name, 80))
            yield '</td><td data-label="Records">'
            l_2_loop = missing
            for l_2_d, l_2_loop in LoopContext(l_1_ds[:5], undefined):
                _loop_vars = {}
                pass
                yield '<code>'
                yield escape(t_4(environment.getattr(l_2_d, 'key'), 60))
                yield '</code> '
                yield escape(environment.getattr(environment.getattr(l_2_d, 'platform'), 'value'))
                if environment.getattr(l_2_d, 'serial'):
                    pass
                    yield ', serial '
                    yield escape(t_4(environment.getattr(l_2_d, 'serial'), 30))
                yield ', '
                yield escape(t_4(t_1(context.eval_ctx, t_5(environment, t_3(context, environment.getattr(l_2_d, 'sources'), attribute='tool')), ', '), 40))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield '<br>'
            l_2_loop = l_2_d = missing
            if (t_2(l_1_ds) > 5):
                pass
                yield '<br>+'
                yield escape((t_2(l_1_ds) - 5))
                yield ' more'
            yield '</td></tr>\n'
        l_1_loop = l_1_name = l_1_ds = missing
        yield '</tbody></table></div>\n'
        if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'duplicate_total') > t_2(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'duplicates'))):
            pass
            yield '<p>'
            yield escape((environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'duplicate_total') - t_2(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'duplicates'))))
            yield ' more names.</p>'
    else:
        pass
        yield '<p class="empty">No two devices share a name.</p>'
    yield '</section>'

blocks = {}
debug_info = '1=44&5=48&8=51&13=67&16=70&20=85&22=91&23=94&26=97&29=107&31=116&33=128&37=132&40=164'

# Written by `python -m auditor.render.precompile` from _data_quality.html: do not edit.
