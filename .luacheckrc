std = "lua54"
max_line_length = 110
files["spec/"] = { std = "+busted" }
exclude_files = { "build/" }
-- SVG/HTML templates read better on one line each
files["lua/newscorpus/report_html.lua"] = { max_line_length = 170 }
