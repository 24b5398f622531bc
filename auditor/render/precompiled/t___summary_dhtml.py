from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_summary.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cards = resolve('cards')
    l_0_charts = resolve('charts')
    l_0_trend = resolve('trend')
    l_0_charts_svg = missing
    pass
    l_0_charts_svg = context.vars['charts_svg'] = environment.get_template('_charts.html', '_summary.html')._get_default_module(context)
    context.exported_vars.discard('charts_svg')
    yield '<section aria-labelledby="summary-h" id="summary">\n<h2 id="summary-h">Summary</h2>\n<p class="muted">The bars count <strong>devices</strong> with open findings (in violation or overdue; '
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open'))
    yield ' open '
    yield escape(('finding' if (environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'open') == 1) else 'findings'))
    yield ' on the cards): a device counts once in a bar however many policies ban its app there, and a device with two apps, or findings of two priorities, is in both bars. Not counted here: '
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'upcoming'))
    yield ' upcoming (<a href="#upcoming">Upcoming bans</a>) and '
    yield escape(environment.getattr((undefined(name='cards') if l_0_cards is missing else l_0_cards), 'waived'))
    yield ' waived (<a href="#waivers">Waivers</a>).<span class="js-only" hidden> Click a bar to list its devices and their findings.</span></p>\n<div class="charts">\n'
    for l_1_chart in (undefined(name='charts') if l_0_charts is missing else l_0_charts):
        _loop_vars = {}
        pass
        yield escape(context.call(environment.getattr((undefined(name='charts_svg') if l_0_charts_svg is missing else l_0_charts_svg), 'bars'), l_1_chart, _loop_vars=_loop_vars))
    l_1_chart = missing
    yield '</div>\n<h3 id="trend-h">Trend</h3>\n'
    if (undefined(name='trend') if l_0_trend is missing else l_0_trend):
        pass
        yield escape(context.call(environment.getattr((undefined(name='charts_svg') if l_0_charts_svg is missing else l_0_charts_svg), 'trend_lines'), (undefined(name='trend') if l_0_trend is missing else l_0_trend), (undefined(name='cards') if l_0_cards is missing else l_0_cards)))
    else:
        pass
        yield '<p class="empty">No history yet: the trend appears from the second run that keeps a history (<code>auditor run</code>, or <code>auditor audit --history FILE</code>).</p>'
    yield '</section>'

blocks = {}
debug_info = '1=15&4=18&6=26&9=32'

# Written by `python -m auditor.render.precompile` from _summary.html: do not edit.
