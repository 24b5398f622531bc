"""The shipped templates' compiled code (auditor.render.shipped), written by
`python -m auditor.render.precompile`: do not edit. Each entry: template -> (SHA-256 of its text,
module); used only with the Jinja and the environment options below."""
JINJA2 = '3.1.6'
OPTIONS = "('{%', '%}', '{{', '}}', '{#', '#}', None, None, True, True, '\\n', False, True, False, True, None, 'CodeGenerator', [], True, [('abs', ''), ('app_label', ''), ('attr', '_PassArg.environment'), ('batch', ''), ('binding', ''), ('capitalize', ''), ('center', ''), ('count', ''), ('d', ''), ('default', ''), ('dictsort', ''), ('due', ''), ('e', ''), ('escape', ''), ('file_name', ''), ('filesizeformat', ''), ('first', '_PassArg.environment'), ('float', ''), ('forceescape', ''), ('format', ''), ('gid', ''), ('groupby', '_PassArg.environment'), ('indent', ''), ('int', ''), ('items', ''), ('join', '_PassArg.eval_context'), ('last', '_PassArg.environment'), ('length', ''), ('list', '_PassArg.eval_context'), ('lower', ''), ('map', '_PassArg.context'), ('max', '_PassArg.environment'), ('min', '_PassArg.environment'), ('pack_change', ''), ('pprint', ''), ('random', '_PassArg.context'), ('reject', '_PassArg.context'), ('rejectattr', '_PassArg.context'), ('relation', ''), ('replace', '_PassArg.eval_context'), ('reverse', ''), ('role', ''), ('round', ''), ('safe', ''), ('select', '_PassArg.context'), ('selectattr', '_PassArg.context'), ('show', ''), ('slice', '_PassArg.eval_context'), ('sort', '_PassArg.environment'), ('steps_id', ''), ('string', ''), ('striptags', ''), ('sum', '_PassArg.environment'), ('title', ''), ('tojson', '_PassArg.eval_context'), ('trim', ''), ('truncate', '_PassArg.environment'), ('unique', '_PassArg.environment'), ('upper', ''), ('urlencode', ''), ('urlize', '_PassArg.eval_context'), ('wordcount', ''), ('wordwrap', '_PassArg.environment'), ('xmlattr', '_PassArg.eval_context')], [('!=', ''), ('<', ''), ('<=', ''), ('==', ''), ('>', ''), ('>=', ''), ('boolean', ''), ('callable', ''), ('defined', ''), ('divisibleby', ''), ('eq', ''), ('equalto', ''), ('escaped', ''), ('even', ''), ('false', ''), ('filter', '_PassArg.environment'), ('float', ''), ('ge', ''), ('greaterthan', ''), ('gt', ''), ('in', ''), ('integer', ''), ('iterable', ''), ('le', ''), ('lessthan', ''), ('lower', ''), ('lt', ''), ('mapping', ''), ('ne', ''), ('none', ''), ('number', ''), ('odd', ''), ('sameas', ''), ('sequence', ''), ('string', ''), ('test', '_PassArg.environment'), ('true', ''), ('undefined', ''), ('upper', '')])"
TEMPLATES = {
    '_act_first.html': ('ac8b55cf361adf6d5ad85f94e9e78654e1ed1bbf4dd0d8ae10aaa1c4b4162dcd', 't__act_first_html'),
    '_changes.html': ('6698083dccd6cb2627a5d43d13e6bccc104bea7e04809c4235c69ade9e9fae81', 't__changes_html'),
    '_charts.html': ('097921c58df53ebefda986e81f05ed7b58b7aab306390e7f37e9926492855df4', 't__charts_html'),
    '_data_quality.html': ('b841b43740c01d036c8d53a700d498d88ba7f644317543a464f02c88c3d1e96d', 't__data_quality_html'),
    '_findings.html': ('4b80c860587921af1bfed3b332d14b3bade2dd39fec6f04da74bde36d0e1f449', 't__findings_html'),
    '_header.html': ('51b015a1fc173a636ef093faa5514f9617ab6289979a70fe3054f762df71fb96', 't__header_html'),
    '_headline.html': ('e2487e8bf846fec3f7ca764d80aa9c55aa3f51e3858f3b40c24e4c6d1864e80e', 't__headline_html'),
    '_near_misses.html': ('c84490c65bbaaef52cbbf10aa2bfeff673c517455590411d26b3385816000fbb', 't__near_misses_html'),
    '_policies.html': ('5519f815631ed44ddcaddf11a9223d90066d3eb2114847e744c2236876146573', 't__policies_html'),
    '_sources.html': ('4482f3b0cbfe6f9f289e003c4d6d3270b2dcf1c263b0db4d2b9a761185526bc2', 't__sources_html'),
    '_summary.html': ('1a0ccf8bf1a5e5fde51501d7585e44bbafde635cd5419bdf7f8e1ed90907f3fd', 't__summary_html'),
    '_upcoming.html': ('04d6de105f2df2efccd46f1e3facd67da01a9846f8a14f7a151ffd7a9b5e6199', 't__upcoming_html'),
    '_visibility.html': ('982bd5c61186ea188bfcb29a8864676418115b94ba1e6a6b23889c172270177f', 't__visibility_html'),
    '_waivers.html': ('fa196d7144708eb9ed5e039373514365d23dd8a076bf5064e2fac33aca69f4db', 't__waivers_html'),
    'base.html': ('24053e14456395a2f90580fb9a823090a0547ca2fde391022b1077579d19910c', 't_base_html'),
    'email.css': ('e560bcf95793d055486b757e798297df593e7469f8d0954a8614374b902a656a', 't_email_css'),
    'email.html': ('bdc795763336c7c12c16ee41cc58abfbe575604bc98f1812adbd60f22034d7e5', 't_email_html'),
    'report.css': ('6d35e8b571118658a21b91baf953e97249960e5ff980e4e619045d1897b97d4e', 't_report_css'),
    'report.html': ('76530ad0d69d87059615e0905d8eb592af4bf950849ae706978a4cab97dd6b5b', 't_report_html'),
    'report.js': ('ec3e47f12c147df851634089aec316890ddc8dd5ea341ef2a3ae6e3c2807e651', 't_report_js'),
}
