from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'report.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_summary = resolve('summary')
    l_0_result = resolve('result')
    l_0_organisation = resolve('organisation')
    try:
        t_1 = environment.filters['show']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'show' found.")
    pass
    yield escape(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'findings'))
    yield ' findings'
    if (not environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'complete')):
        pass
        yield ' (INCOMPLETE)'
    yield ': Fleet Auditor'
    if (undefined(name='organisation') if l_0_organisation is missing else l_0_organisation):
        pass
        yield ', '
        yield escape(t_1((undefined(name='organisation') if l_0_organisation is missing else l_0_organisation), 80))
    yield ', '
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat'), _block_vars=_block_vars))

def block_header(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    template = environment.get_template('_header.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    template = environment.get_template('_act_first.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_summary.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_changes.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_findings.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_near_misses.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_upcoming.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_waivers.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_visibility.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_data_quality.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_sources.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('_policies.html', 'report.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

def block_footer(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_version = resolve('version')
    l_0_result = resolve('result')
    l_0_generated_at = resolve('generated_at')
    pass
    yield '<footer>\n<p>Fleet Auditor '
    yield escape((undefined(name='version') if l_0_version is missing else l_0_version))
    yield ' · as of '
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'as_of'), 'isoformat'), _block_vars=_block_vars))
    yield ' · generated '
    yield escape((undefined(name='generated_at') if l_0_generated_at is missing else l_0_generated_at))
    yield '.\nBeside this file: <code>findings.csv</code> (one row per finding), <code>actions.csv</code> (one row per device, for tickets),\n<code>findings.json</code> (everything, for machines), <code>summary.md</code> and <code>manifest.json</code> (inputs with SHA-256).</p>\n</footer>\n'

blocks = {'title': block_title, 'header': block_header, 'content': block_content, 'footer': block_footer}
debug_info = '1=12&2=17&3=47&4=62&5=70&6=76&7=82&8=88&9=94&10=100&11=106&12=112&13=118&14=124&15=130&17=137&19=149'

# Written by `python -m auditor.render.precompile` from report.html: do not edit.
