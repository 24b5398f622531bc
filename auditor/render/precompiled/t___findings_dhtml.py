from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_findings.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_groups = resolve('groups')
    l_0_result = resolve('result')
    l_0_rows_shown = resolve('rows_shown')
    l_0_lines_total = resolve('lines_total')
    l_0_findings_shown = resolve('findings_shown')
    l_0_summary = resolve('summary')
    l_0_filters = resolve('filters')
    try:
        t_1 = environment.filters['binding']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'binding' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['relation']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'relation' found.")
    try:
        t_4 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<section aria-labelledby="findings-h" id="findings">\n<h2 id="findings-h">Findings by app</h2>\n'
    if (not (undefined(name='groups') if l_0_groups is missing else l_0_groups)):
        pass
        yield '<p class="empty">No findings'
        if (not environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete')):
            pass
            yield ' in what could be read'
        yield '.</p>\n'
    else:
        pass
        yield '<p class="muted">One line per device and app, with every policy it breaks there and the earliest deadline; how to fix each app once per management tool and platform.</p>\n'
        if ((undefined(name='rows_shown') if l_0_rows_shown is missing else l_0_rows_shown) < (undefined(name='lines_total') if l_0_lines_total is missing else l_0_lines_total)):
            pass
            yield '<p class="where">This page lists the <strong>'
            yield escape((undefined(name='rows_shown') if l_0_rows_shown is missing else l_0_rows_shown))
            yield ' most urgent of '
            yield escape((undefined(name='lines_total') if l_0_lines_total is missing else l_0_lines_total))
            yield ' lines</strong> ('
            yield escape((undefined(name='findings_shown') if l_0_findings_shown is missing else l_0_findings_shown))
            yield ' of '
            yield escape(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'findings'))
            yield ' findings); filters and search apply to those.\nEvery finding is in <code>findings.csv</code> and <code>findings.json</code>, and every device with its steps in <code>actions.csv</code>, beside this file.</p>\n'
        yield '<div id="controls" class="controls noprint" role="search" aria-label="Filter the findings" hidden>\n<fieldset><legend>Priority</legend>\n'
        for l_1_p in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'by_priority'):
            _loop_vars = {}
            pass
            yield '<label><input type="checkbox" name="prio" value="'
            yield escape(l_1_p)
            yield '" checked> '
            yield escape(l_1_p)
            yield '</label>'
        l_1_p = missing
        yield '</fieldset>\n<label>Status <select id="f-status"><option value="">all</option><option value="open">open (in violation or overdue)</option>'
        def t_5(fiter):
            for (l_1_s, l_1_n) in fiter:
                if l_1_n:
                    yield (l_1_s, l_1_n)
        for (l_1_s, l_1_n) in t_5(context.call(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'by_status'), 'items'))):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_s)
            yield '">'
            yield escape(l_1_s)
            yield ' ('
            yield escape(l_1_n)
            yield ')</option>'
        l_1_s = l_1_n = missing
        yield '</select></label>\n<label>App <select id="f-app"><option value="">all</option>'
        for (l_1_v, l_1_label) in environment.getattr((undefined(name='filters') if l_0_filters is missing else l_0_filters), 'app'):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_v)
            yield '">'
            yield escape(t_4(l_1_label, 40))
            yield '</option>'
        l_1_v = l_1_label = missing
        yield '</select></label>\n<label>Platform <select id="f-platform"><option value="">all</option>'
        for (l_1_v, l_1_label) in environment.getattr((undefined(name='filters') if l_0_filters is missing else l_0_filters), 'platform'):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_v)
            yield '">'
            yield escape(l_1_label)
            yield '</option>'
        l_1_v = l_1_label = missing
        yield '</select></label>\n<label>Department <select id="f-dept"><option value="">all</option>'
        for (l_1_v, l_1_label) in environment.getattr((undefined(name='filters') if l_0_filters is missing else l_0_filters), 'dept'):
            _loop_vars = {}
            pass
            yield '<option value="'
            yield escape(l_1_v)
            yield '">'
            yield escape(t_4(l_1_label, 40))
            yield '</option>'
        l_1_v = l_1_label = missing
        yield '</select></label>\n<label>Search <input type="search" id="q" placeholder="person, device, app, file" autocomplete="off"></label>\n<button type="button" id="f-reset">Reset</button>\n<p id="f-count" role="status" aria-live="polite" tabindex="-1">Showing '
        yield escape((undefined(name='findings_shown') if l_0_findings_shown is missing else l_0_findings_shown))
        yield ' of '
        yield escape((undefined(name='findings_shown') if l_0_findings_shown is missing else l_0_findings_shown))
        yield ' findings, on '
        yield escape((undefined(name='rows_shown') if l_0_rows_shown is missing else l_0_rows_shown))
        yield ' of '
        yield escape((undefined(name='rows_shown') if l_0_rows_shown is missing else l_0_rows_shown))
        yield ' lines (one per device and app).</p>\n</div>\n'
        l_1_loop = missing
        for l_1_g, l_1_loop in LoopContext((undefined(name='groups') if l_0_groups is missing else l_0_groups), undefined):
            _loop_vars = {}
            pass
            yield '<section class="group" id="'
            yield escape(environment.getattr(l_1_g, 'id'))
            yield '" aria-labelledby="'
            yield escape(environment.getattr(l_1_g, 'id'))
            yield '-h">\n<h3 id="'
            yield escape(environment.getattr(l_1_g, 'id'))
            yield '-h">'
            yield escape(t_4(environment.getattr(l_1_g, 'app'), 80))
            yield '</h3>\n<p class="small">'
            yield escape(environment.getattr(l_1_g, 'lines'))
            yield ' '
            yield escape(('device' if (environment.getattr(l_1_g, 'lines') == 1) else 'devices'))
            yield ', '
            yield escape(environment.getattr(l_1_g, 'total'))
            yield ' '
            yield escape(('finding' if (environment.getattr(l_1_g, 'total') == 1) else 'findings'))
            yield ': '
            l_2_loop = missing
            for (l_2_s, l_2_n), l_2_loop in LoopContext(environment.getattr(l_1_g, 'by_status'), undefined):
                _loop_vars = {}
                pass
                yield '<span class="st-'
                yield escape(l_2_s)
                yield '">'
                yield escape(l_2_n)
                yield ' '
                yield escape(l_2_s)
                yield '</span>'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_s = l_2_n = missing
            if (t_2(environment.getattr(l_1_g, 'rows')) < environment.getattr(l_1_g, 'lines')):
                pass
                yield ' · <strong>'
                yield escape(t_2(environment.getattr(l_1_g, 'rows')))
                yield ' shown here</strong>, the rest in findings.csv'
            yield '</p>\n<ul class="policies small">\n'
            for l_2_p in environment.getattr(l_1_g, 'policies'):
                _loop_vars = {}
                pass
                yield '<li><strong>'
                yield escape(t_4(environment.getattr(l_2_p, 'title'), 160))
                yield '</strong> <code>'
                yield escape(t_4(environment.getattr(l_2_p, 'pack_id'), 80))
                yield '</code>'
                if environment.getattr(l_2_p, 'pack'):
                    pass
                    yield ' · '
                    if (environment.getattr(environment.getattr(environment.getattr(l_2_p, 'pack'), 'binding'), 'value') == 'adopted'):
                        pass
                        yield '<span class="adopted">'
                        yield escape(t_4(t_1(environment.getattr(l_2_p, 'pack')), 300))
                        yield '</span>'
                    else:
                        pass
                        yield escape(t_4(t_1(environment.getattr(l_2_p, 'pack')), 300))
                yield ': '
                yield escape(environment.getattr(l_2_p, 'findings'))
                yield ' '
                yield escape(('finding' if (environment.getattr(l_2_p, 'findings') == 1) else 'findings'))
                for l_3_c in environment.getattr(l_2_p, 'citations')[:2]:
                    _loop_vars = {}
                    pass
                    yield ' · '
                    yield escape(t_4(l_3_c, 300))
                l_3_c = missing
                if ((environment.getattr(l_2_p, 'pack') and environment.getattr(environment.getattr(l_2_p, 'pack'), 'url')) and (context.call(environment.getattr(environment.getattr(environment.getattr(l_2_p, 'pack'), 'url'), 'startswith'), 'https://', _loop_vars=_loop_vars) or context.call(environment.getattr(environment.getattr(environment.getattr(l_2_p, 'pack'), 'url'), 'startswith'), 'http://', _loop_vars=_loop_vars))):
                    pass
                    yield ' · <a href="'
                    yield escape(environment.getattr(environment.getattr(l_2_p, 'pack'), 'url'))
                    yield '" rel="noreferrer noopener">'
                    yield escape(t_4(environment.getattr(environment.getattr(l_2_p, 'pack'), 'url'), 100))
                    yield '</a>'
                yield '</li>\n'
            l_2_p = missing
            yield '</ul>\n<div class="fix">\n<h4>How to fix</h4>\n<ol>'
            for l_2_r in environment.getattr(l_1_g, 'remediations')[:3]:
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(t_4(l_2_r, 800))
                yield '</li>'
            l_2_r = missing
            yield '</ol>\n<div class="tools">\n'
            for l_2_b in environment.getattr(l_1_g, 'steps'):
                _loop_vars = {}
                pass
                yield '<div><h5 id="'
                yield escape(environment.getattr(l_2_b, 'id'))
                yield '">In '
                yield escape(t_4(environment.getattr(l_2_b, 'title'), 60))
                yield '</h5>\n<ol>'
                for l_3_step in environment.getattr(l_2_b, 'steps'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(t_4(l_3_step, 600))
                    yield '</li>'
                l_3_step = missing
                yield '</ol></div>\n'
            l_2_b = missing
            yield '</div>\n</div>\n'
            if environment.getattr(l_1_g, 'rows'):
                pass
                yield '<div class="table-wrap">\n<table class="stack findings">\n<thead><tr><th scope="col" data-sortable>Priority</th><th scope="col" data-sortable>Status and deadline</th><th scope="col" data-sortable>Owner</th><th scope="col" data-sortable>Device</th><th scope="col">App as seen</th><th scope="col">Policies</th><th scope="col">Evidence</th><th scope="col">Steps</th></tr></thead>\n<tbody>\n'
                l_2_loop = missing
                for l_2_row, l_2_loop in LoopContext(environment.getattr(l_1_g, 'rows'), undefined):
                    l_2_line = l_2_f = missing
                    _loop_vars = {}
                    pass
                    l_2_line = environment.getattr(l_2_row, 'line')
                    _loop_vars['line'] = l_2_line
                    l_2_f = environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'worst')
                    _loop_vars['f'] = l_2_f
                    yield '<tr data-f="'
                    yield escape(environment.getattr(l_2_row, 'marks'))
                    yield '" data-dev="'
                    yield escape(environment.getattr(l_2_row, 'device_ref'))
                    yield '" data-pl="'
                    yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'platform'), 'value'))
                    yield '" data-app="'
                    yield escape(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'catalog_id'))
                    yield '" data-dept="'
                    yield escape(environment.getattr(l_2_row, 'department'))
                    yield '"><td data-k="'
                    yield escape(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'priority'))
                    yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'severity'), 'rank'))
                    yield '"><span class="prio '
                    yield escape(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'priority'))
                    yield '">'
                    yield escape(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'priority'))
                    yield '</span> <span class="small muted">'
                    yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'severity'), 'value'))
                    yield '</span>'
                    if environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'probable'):
                        pass
                        yield ' <span class="verify">verify</span>'
                    yield '</td><td data-k="'
                    yield escape(environment.getattr(l_2_row, 'sort_due'))
                    yield '"><span class="st-'
                    yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'status'), 'value'))
                    yield '">'
                    yield escape(environment.getattr(l_2_row, 'due'))
                    yield '</span>'
                    if (environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'earliest_deadline') and (environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'earliest_deadline') != environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'deadline'))):
                        pass
                        yield '<span class="sub">earliest deadline '
                        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'earliest_deadline'), 'isoformat'), _loop_vars=_loop_vars))
                        yield '</span>'
                    if environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'change'):
                        pass
                        yield '<span class="sub">'
                        yield escape(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'change'))
                        if environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'first_seen'):
                            pass
                            yield ' since '
                            yield escape(context.call(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'first_seen'), 'isoformat'), _loop_vars=_loop_vars))
                        yield '</span>'
                    if environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'waiver'):
                        pass
                        yield '<span class="sub">waiver '
                        yield escape(t_4(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'waiver'), 'id'), 40))
                        yield ' ('
                        yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'waiver'), 'state'))
                        yield ')</span>'
                    yield '</td><td>'
                    yield escape(t_4(((environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'name') or environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'email')) or 'unknown'), 60))
                    if (environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'name') and environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'email')):
                        pass
                        yield '<span class="sub muted">'
                        yield escape(t_4(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'email'), 80))
                        yield '</span>'
                    if t_3(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner')):
                        pass
                        yield '<span class="sub relation">'
                        yield escape(t_4(t_3(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner')), 160))
                        yield '</span>'
                    elif environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'department'):
                        pass
                        yield '<span class="sub">'
                        yield escape(t_4(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'owner'), 'department'), 60))
                        yield '</span>'
                    yield '</td><td>'
                    yield escape(t_4(((environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'name') or environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'serial')) or environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'key')), 80))
                    yield '<span class="sub muted">'
                    yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'platform'), 'value'))
                    yield ' · '
                    yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'ownership'), 'value'))
                    if environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'serial'):
                        pass
                        yield ' · '
                        yield escape(t_4(environment.getattr(environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'device'), 'serial'), 30))
                    yield '</span></td><td>'
                    yield escape(t_4(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'app'), 'name'), 60))
                    if environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'app'), 'version'):
                        pass
                        yield ' '
                        yield escape(t_4(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'app'), 'version'), 24))
                    yield '<span class="sub muted">'
                    yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'matched_by'), 'value'))
                    yield ': <code>'
                    yield escape(t_4(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'matched_value'), 60))
                    yield '</code></span>'
                    if environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'probable'):
                        pass
                        yield '<span class="why">'
                        yield escape(t_4((environment.getattr((undefined(name='line') if l_2_line is missing else l_2_line), 'confidence_note') or 'probable: not matched by a verified identifier'), 400))
                        yield '</span>'
                    yield '</td><td class="small">'
                    l_3_loop = missing
                    for l_3_p, l_3_loop in LoopContext(environment.getattr(l_2_row, 'policies'), undefined):
                        _loop_vars = {}
                        pass
                        yield '<code>'
                        yield escape(t_4(environment.getattr(l_3_p, 'pack_id'), 80))
                        yield '</code>'
                        if environment.getattr(l_3_p, 'adopted'):
                            pass
                            yield ' <span class="adopted">adopted</span>'
                        if (t_2(environment.getattr(l_2_row, 'policies')) > 1):
                            pass
                            yield ': <span class="st-'
                            yield escape(environment.getattr(l_3_p, 'status'))
                            yield '">'
                            yield escape(environment.getattr(l_3_p, 'due'))
                            yield '</span>'
                        if (not environment.getattr(l_3_loop, 'last')):
                            pass
                            yield '<br>'
                    l_3_loop = l_3_p = missing
                    yield '</td><td class="small">'
                    l_3_loop = missing
                    for l_3_e, l_3_loop in LoopContext(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'evidence')[:2], undefined):
                        _loop_vars = {}
                        pass
                        yield escape(t_4(environment.getitem(context.call(environment.getattr(environment.getattr(l_3_e, 'file'), 'rsplit'), '/', 1, _loop_vars=_loop_vars), -1), 60))
                        yield ':'
                        yield escape(t_4(environment.getattr(l_3_e, 'location'), 30))
                        if (not environment.getattr(l_3_loop, 'last')):
                            pass
                            yield '<br>'
                    l_3_loop = l_3_e = missing
                    if (t_2(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'evidence')) > 2):
                        pass
                        yield '<br>+'
                        yield escape((t_2(environment.getattr((undefined(name='f') if l_2_f is missing else l_2_f), 'evidence')) - 2))
                        yield ' more'
                    yield '</td><td class="small"><a href="#'
                    yield escape(environment.getattr(l_2_row, 'steps_id'))
                    yield '">'
                    yield escape(t_4((environment.getattr(l_2_row, 'tool') or 'source'), 30))
                    yield '</a></td></tr>\n'
                l_2_loop = l_2_row = l_2_line = l_2_f = missing
                yield '</tbody></table></div>\n'
            yield '</section>\n'
        l_1_loop = l_1_g = missing
    yield '</section>'

blocks = {}
debug_info = '3=43&4=46&7=53&8=56&13=65&15=75&16=91&17=101&18=111&21=121&23=130&24=134&25=138&26=142&27=165&29=171&30=200&35=210&37=218&38=222&39=226&43=236&48=240&49=249'

# Written by `python -m auditor.render.precompile` from _findings.html: do not edit.
