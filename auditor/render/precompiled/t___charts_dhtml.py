from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_charts.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_bars = l_0_trend_lines = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    def macro(l_1_chart):
        t_2 = []
        if l_1_chart is missing:
            l_1_chart = undefined("parameter 'chart' was not provided", name='chart')
        pass
        t_2.extend((
            '<figure>\n<figcaption id="',
            escape(environment.getattr(l_1_chart, 'id')),
            '-t">',
            escape(environment.getattr(l_1_chart, 'title')),
            ' <span class="muted small">(',
            escape(context.call(environment.getattr(l_1_chart, 'counted'), environment.getattr(l_1_chart, 'total'))),
            ')</span></figcaption>\n',
        ))
        if environment.getattr(l_1_chart, 'total'):
            pass
            t_2.extend((
                '<svg class="chart" id="',
                escape(environment.getattr(l_1_chart, 'id')),
                '" role="img" aria-labelledby="',
                escape(environment.getattr(l_1_chart, 'id')),
                '-t ',
                escape(environment.getattr(l_1_chart, 'id')),
                '-d" viewBox="0 0 ',
                escape(environment.getattr(l_1_chart, 'width')),
                ' ',
                escape((environment.getattr(l_1_chart, 'height') + 4)),
                '" width="',
                escape(environment.getattr(l_1_chart, 'width')),
                '" height="',
                escape((environment.getattr(l_1_chart, 'height') + 4)),
                '" xmlns="http://www.w3.org/2000/svg">\n<desc id="',
                escape(environment.getattr(l_1_chart, 'id')),
                '-d">',
                escape(environment.getattr(l_1_chart, 'description')),
                '</desc>\n',
            ))
            for l_2_b in environment.getattr(l_1_chart, 'bars'):
                _loop_vars = {}
                pass
                t_2.append(
                    '<g',
                )
                if environment.getattr(l_2_b, 'filter'):
                    pass
                    t_2.extend((
                        ' class="hit" data-filter="',
                        escape(environment.getattr(l_2_b, 'filter')),
                        '" data-key="',
                        escape(environment.getattr(l_2_b, 'key')),
                        '"',
                    ))
                t_2.append(
                    '>\n',
                )
                if environment.getattr(l_2_b, 'filter'):
                    pass
                    t_2.extend((
                        '<title>',
                        escape(environment.getattr(l_2_b, 'label')),
                        ': ',
                        escape(context.call(environment.getattr(l_1_chart, 'counted'), environment.getattr(l_2_b, 'value'), _loop_vars=_loop_vars)),
                        ' (click to list their findings)</title><rect class="hit-area" x="0" y="',
                        escape((environment.getattr(l_2_b, 'y') + 1)),
                        '" width="',
                        escape(environment.getattr(l_1_chart, 'width')),
                        '" height="22"></rect>',
                    ))
                t_2.extend((
                    '<text x="',
                    escape((environment.getattr(l_1_chart, 'label_width') - 6)),
                    '" y="',
                    escape((environment.getattr(l_2_b, 'y') + 17)),
                    '" text-anchor="end">',
                    escape(environment.getattr(l_2_b, 'label')),
                    '</text>\n<rect class="',
                    escape(environment.getattr(l_2_b, 'css')),
                    '" x="',
                    escape((environment.getattr(l_1_chart, 'label_width') + 1)),
                    '" y="',
                    escape((environment.getattr(l_2_b, 'y') + 5)),
                    '" width="',
                    escape(environment.getattr(l_2_b, 'width')),
                    '" height="15"></rect>\n<text x="',
                    escape(((environment.getattr(l_1_chart, 'label_width') + 6) + environment.getattr(l_2_b, 'width'))),
                    '" y="',
                    escape((environment.getattr(l_2_b, 'y') + 17)),
                    '">',
                    escape(environment.getattr(l_2_b, 'value')),
                    '</text>\n</g>\n',
                ))
            l_2_b = missing
            t_2.extend((
                '<line class="axis" x1="',
                escape(environment.getattr(l_1_chart, 'label_width')),
                '" y1="0" x2="',
                escape(environment.getattr(l_1_chart, 'label_width')),
                '" y2="',
                escape((environment.getattr(l_1_chart, 'height') + 4)),
                '"></line>\n</svg>\n',
            ))
        else:
            pass
            t_2.append(
                '<p class="empty">Nothing to draw: no open finding.</p>',
            )
        t_2.append(
            '</figure>\n',
        )
        return concat(t_2)
    context.exported_vars.add('bars')
    context.vars['bars'] = l_0_bars = Macro(environment, macro, 'bars', ('chart',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_trend, l_1_cards):
        t_3 = []
        if l_1_trend is missing:
            l_1_trend = undefined("parameter 'trend' was not provided", name='trend')
        if l_1_cards is missing:
            l_1_cards = undefined("parameter 'cards' was not provided", name='cards')
        pass
        t_3.extend((
            '<figure>\n<figcaption id="trend-t">Open findings (in violation or overdue) by priority, one marker per run and priority</figcaption>\n<svg class="chart trend" id="chart-trend" role="img" aria-labelledby="trend-t trend-d" viewBox="0 0 ',
            escape(environment.getattr(l_1_trend, 'width')),
            ' ',
            escape(environment.getattr(l_1_trend, 'height')),
            '" width="',
            escape(environment.getattr(l_1_trend, 'width')),
            '" height="',
            escape(environment.getattr(l_1_trend, 'height')),
            '" xmlns="http://www.w3.org/2000/svg">\n<desc id="trend-d">',
            escape(environment.getattr(l_1_trend, 'description')),
            '</desc>\n',
        ))
        for (l_2_y, l_2_v) in environment.getattr(l_1_trend, 'ticks'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<line class="grid" x1="',
                escape(environment.getattr(l_1_trend, 'left')),
                '" y1="',
                escape(l_2_y),
                '" x2="',
                escape(environment.getattr(l_1_trend, 'right')),
                '" y2="',
                escape(l_2_y),
                '"></line><text class="tick" x="',
                escape((environment.getattr(l_1_trend, 'left') - 6)),
                '" y="',
                escape((l_2_y + 4)),
                '" text-anchor="end">',
                escape(l_2_v),
                '</text>\n',
            ))
        l_2_y = l_2_v = missing
        t_3.extend((
            '<line class="axis" x1="',
            escape(environment.getattr(l_1_trend, 'left')),
            '" y1="',
            escape(environment.getattr(l_1_trend, 'top')),
            '" x2="',
            escape(environment.getattr(l_1_trend, 'left')),
            '" y2="',
            escape(environment.getattr(l_1_trend, 'bottom')),
            '"></line>\n<line class="axis" x1="',
            escape(environment.getattr(l_1_trend, 'left')),
            '" y1="',
            escape(environment.getattr(l_1_trend, 'bottom')),
            '" x2="',
            escape(environment.getattr(l_1_trend, 'right')),
            '" y2="',
            escape(environment.getattr(l_1_trend, 'bottom')),
            '"></line>\n<text class="axis-label" x="12" y="',
            escape(((environment.getattr(l_1_trend, 'top') + environment.getattr(l_1_trend, 'bottom')) // 2)),
            '" text-anchor="middle" transform="rotate(-90 12 ',
            escape(((environment.getattr(l_1_trend, 'top') + environment.getattr(l_1_trend, 'bottom')) // 2)),
            ')">Open findings</text>\n',
        ))
        for l_2_run in environment.getattr(l_1_trend, 'runs'):
            _loop_vars = {}
            pass
            t_3.append(
                '<line class="tick-x',
            )
            if (not environment.getattr(l_2_run, 'complete')):
                pass
                t_3.append(
                    ' gap',
                )
            t_3.extend((
                '" x1="',
                escape(environment.getattr(l_2_run, 'x')),
                '" y1="',
                escape((environment.getattr(l_1_trend, 'bottom') if environment.getattr(l_2_run, 'complete') else environment.getattr(l_1_trend, 'top'))),
                '" x2="',
                escape(environment.getattr(l_2_run, 'x')),
                '" y2="',
                escape((environment.getattr(l_1_trend, 'bottom') + 4)),
                '">',
            ))
            if (not environment.getattr(l_2_run, 'complete')):
                pass
                t_3.extend((
                    '<title>',
                    escape(environment.getattr(l_2_run, 'date')),
                    ': incomplete run, not drawn</title>',
                ))
            t_3.append(
                '</line>\n<text class="date',
            )
            if (not environment.getattr(l_2_run, 'complete')):
                pass
                t_3.append(
                    ' gap',
                )
            t_3.extend((
                '" x="',
                escape(environment.getattr(l_2_run, 'x')),
                '" y="',
                escape((environment.getattr(l_1_trend, 'bottom') + 16)),
                '" text-anchor="end" transform="rotate(-45 ',
                escape(environment.getattr(l_2_run, 'x')),
                ' ',
                escape((environment.getattr(l_1_trend, 'bottom') + 16)),
                ')">',
                escape(environment.getattr(l_2_run, 'label')),
            ))
            if (not environment.getattr(l_2_run, 'complete')):
                pass
                t_3.append(
                    '?',
                )
            t_3.append(
                '</text>\n',
            )
        l_2_run = missing
        for (l_2_prio, l_2_points) in environment.getattr(l_1_trend, 'segments'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<polyline class="',
                escape(l_2_prio),
                '" points="',
                escape(l_2_points),
                '"></polyline>\n',
            ))
        l_2_prio = l_2_points = missing
        for l_2_m in environment.getattr(l_1_trend, 'markers'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<circle class="m ',
                escape(environment.getattr(l_2_m, 'priority')),
                '" cx="',
                escape(environment.getattr(l_2_m, 'x')),
                '" cy="',
                escape(environment.getattr(l_2_m, 'y')),
                '" r="3.5" data-v="',
                escape(environment.getattr(l_2_m, 'value')),
                '"><title>',
                escape(environment.getattr(l_2_m, 'title')),
                '</title></circle>\n',
            ))
        l_2_m = missing
        t_3.extend((
            '<text class="axis-label" x="',
            escape(((environment.getattr(l_1_trend, 'left') + environment.getattr(l_1_trend, 'right')) // 2)),
            '" y="',
            escape((environment.getattr(l_1_trend, 'height') - 4)),
            '" text-anchor="middle">',
            escape(environment.getattr(l_1_trend, 'x_label')),
            '</text>\n</svg>\n<p class="small legend">',
        ))
        l_2_loop = missing
        for (l_2_p, l_2_n), l_2_loop in LoopContext(environment.getattr(l_1_trend, 'latest'), undefined):
            _loop_vars = {}
            pass
            t_3.extend((
                '<span class="prio ',
                escape(l_2_p),
                '">',
                escape(l_2_p),
                '</span> ',
                escape(l_2_n),
            ))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_3.append(
                    ',',
                )
            t_3.append(
                ' ',
            )
        l_2_loop = l_2_p = l_2_n = missing
        t_3.append(
            'open in the latest complete run.\n',
        )
        if environment.getattr(l_1_trend, 'incomplete'):
            pass
            t_3.extend((
                ' Dashed, with a question mark: ',
                escape(environment.getattr(l_1_trend, 'incomplete')),
                ' incomplete ',
                escape(('run' if (environment.getattr(l_1_trend, 'incomplete') == 1) else 'runs')),
                ', left as ',
                escape(('a gap' if (environment.getattr(l_1_trend, 'incomplete') == 1) else 'gaps')),
                ' (their counts are not the whole picture).',
            ))
        t_3.extend((
            ' Waived (',
            escape(environment.getattr(l_1_cards, 'waived')),
            ') and upcoming (',
            escape(environment.getattr(l_1_cards, 'upcoming')),
            ') findings are not counted: they are under Waivers and Upcoming bans.</p>\n<details class="runs"><summary>Every run (',
            escape(t_1(environment.getattr(l_1_trend, 'runs'))),
            ')</summary>\n<table class="compact stack"><thead><tr><th scope="col">As of</th><th scope="col">Run</th>',
        ))
        for (l_2_p, l_2__) in environment.getattr(environment.getitem(environment.getattr(l_1_trend, 'runs'), 0), 'counts'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<th scope="col" class="num">',
                escape(l_2_p),
                '</th>',
            ))
        l_2_p = l_2__ = missing
        t_3.append(
            '</tr></thead><tbody>\n',
        )
        for l_2_run in environment.getattr(l_1_trend, 'runs'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<tr><td data-label="As of">',
                escape(environment.getattr(l_2_run, 'date')),
                '</td><td data-label="Run">',
                escape(('complete' if environment.getattr(l_2_run, 'complete') else 'incomplete')),
                '</td>',
            ))
            for (l_3_p, l_3_n) in environment.getattr(l_2_run, 'counts'):
                _loop_vars = {}
                pass
                t_3.extend((
                    '<td class="num" data-label="',
                    escape(l_3_p),
                    '">',
                    escape((l_3_n if environment.getattr(l_2_run, 'complete') else '–')),
                    '</td>',
                ))
            l_3_p = l_3_n = missing
            t_3.append(
                '</tr>\n',
            )
        l_2_run = missing
        t_3.append(
            '</tbody></table></details>\n</figure>\n',
        )
        return concat(t_3)
    context.exported_vars.add('trend_lines')
    context.vars['trend_lines'] = l_0_trend_lines = Macro(environment, macro, 'trend_lines', ('trend', 'cards'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=18&4=25&5=32&6=36&7=50&8=55&9=61&10=73&11=88&12=94&13=102&16=112&22=131&25=140&26=148&27=151&29=174&30=182&31=190&32=195&33=201&34=227&36=253&38=264&40=283&42=291&43=314&44=331&45=334&46=346'

# Written by `python -m auditor.render.precompile` from _charts.html: do not edit.
