from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_organisation = resolve('organisation')
    l_0_result = resolve('result')
    l_0_generated_at = resolve('generated_at')
    l_0_version = resolve('version')
    l_0_attached = resolve('attached')
    l_0_report_location = resolve('report_location')
    try:
        t_1 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n<style>'
    template = environment.get_template('email.css', 'email.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style>\n</head>\n<body>\n<header class="top">\n<div>\n<h1>Banned-app audit'
    if (undefined(name='organisation') if l_0_organisation is missing else l_0_organisation):
        pass
        yield ': '
        yield escape(t_1((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation), 120))
    yield '</h1>\n<p class="meta">As of <strong>'
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat')))
    yield '</strong> · generated '
    yield escape((undefined(name='generated_at') if l_0_generated_at is missing else l_0_generated_at))
    yield ' · Fleet Auditor '
    yield escape((undefined(name='version') if l_0_version is missing else l_0_version))
    yield '</p>\n</div>\n</header>\n'
    template = environment.get_template('_headline.html', 'email.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '<p class="where">'
    if (undefined(name='attached') if l_0_attached is missing else l_0_attached):
        pass
        yield 'The whole report is attached (<code>report.html</code>: open it in a browser).'
    if (undefined(name='report_location') if l_0_report_location is missing else l_0_report_location):
        pass
        yield ' '
        if context.call(environment.getattr((undefined(name='report_location') if l_0_report_location is missing else l_0_report_location), 'startswith'), 'https://'):
            pass
            yield 'The report: <a href="'
            yield escape((undefined(name='report_location') if l_0_report_location is missing else l_0_report_location))
            yield '">'
            yield escape(t_1((undefined(name='report_location') if l_0_report_location is missing else l_0_report_location), 300))
            yield '</a>'
        else:
            pass
            yield 'On the server that ran the audit: <code>'
            yield escape(t_1((undefined(name='report_location') if l_0_report_location is missing else l_0_report_location), 400))
            yield '</code>'
    if ((not (undefined(name='attached') if l_0_attached is missing else l_0_attached)) and (not (undefined(name='report_location') if l_0_report_location is missing else l_0_report_location))):
        pass
        yield " The whole report is in the run's output folder."
    yield '</p>\n'
    template = environment.get_template('_act_first.html', 'email.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_changes.html', 'email.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '<footer><p>Fleet Auditor '
    yield escape((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ' · as of '
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat')))
    yield ' · generated '
    yield escape((undefined(name='generated_at') if l_0_generated_at is missing else l_0_generated_at))
    yield ". Sent because the configuration's <code>when</code> matched this run.</p></footer>\n</body>\n</html>"

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_organisation = resolve('organisation')
    l_0_result = resolve('result')
    try:
        t_1 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield 'Fleet Auditor'
    if (undefined(name='organisation') if l_0_organisation is missing else l_0_organisation):
        pass
        yield ', '
        yield escape(t_1((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation), 80))
    yield ', '
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat'), _block_vars=_block_vars))
    if (not environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete')):
        pass
        yield ' (INCOMPLETE)'

blocks = {'title': block_title}
debug_info = '7=25&9=27&10=29&15=36&16=41&19=47&20=54&21=57&22=72&23=76&24=82&25=89&9=96'

# Written by `python -m auditor.render.precompile` from email.html: do not edit.
