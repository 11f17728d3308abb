--- Renders a story report (newscorpus.report) as one self-contained HTML page: inline CSS
-- and inline SVG charts (mentions per outlet, entity co-occurrence network, timeline), no
-- scripts or external resources, so the file opens anywhere.
-- @module newscorpus.report_html
local report_html = {}

local PALETTE = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                  "#7f7f7f", "#bcbd22", "#17becf" }
local TYPE_COLOURS = { PERSON = "#1f77b4", ORG = "#ff7f0e", GPE = "#2ca02c", LOC = "#17becf",
                       NORP = "#9467bd", EVENT = "#d62728", MISC = "#7f7f7f" }

local function esc(s)
  return (tostring(s or ""):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
    ['"'] = "&quot;", ["'"] = "&#39;" }))
end

local function fmt(n) return ("%.1f"):format(n) end

-- A chart label: at most n characters (UTF-8 aware), with an ellipsis when cut.
local function label(s, n)
  s = tostring(s or "")
  if (utf8.len(s) or #s) <= n then return esc(s) end
  local cut = s:sub(1, (utf8.offset(s, n) or n + 1) - 1)
  return esc(cut) .. "…"
end

--- Horizontal stacked bars: for the top entities, mentions split by outlet.
local function mentions_chart(r, colours)
  local top = {}
  for i = 1, math.min(12, #r.entities) do top[i] = r.entities[i] end
  if #top == 0 then return "<p>No entity mentions.</p>" end
  local max = top[1].mentions
  local label_w, bar_w, row_h = 200, 460, 24
  local legend_rows, lx = 1, label_w
  for _, o in ipairs(r.outlets) do
    local w = 24 + 7 * (utf8.len(o.name) or #o.name)
    if lx + w > label_w + bar_w + 60 then legend_rows, lx = legend_rows + 1, label_w end
    lx = lx + w
  end
  local h = #top * row_h + 20 + 20 * legend_rows
  local out = { ('<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="Mentions per outlet">')
    :format(label_w + bar_w + 60, h) }
  for i, e in ipairs(top) do
    local y = (i - 1) * row_h + 4
    out[#out + 1] = ('<text x="%d" y="%s" text-anchor="end" class="label"><title>%s</title>%s</text>')
      :format(label_w - 8, fmt(y + row_h * 0.65), esc(e.name), label(e.name, 28))
    local x = label_w
    for _, o in ipairs(r.outlets) do
      local n = e.by_outlet[o.name]
      if n then
        local w = bar_w * n / max
        out[#out + 1] = ('<rect x="%s" y="%d" width="%s" height="%d" fill="%s"><title>%s: %d in %s</title></rect>')
          :format(fmt(x), y, fmt(w), row_h - 6, colours[o.name], esc(e.name), n, esc(o.name))
        x = x + w
      end
    end
    out[#out + 1] = ('<text x="%s" y="%s" class="value">%d</text>'):format(fmt(x + 6),
      fmt(y + row_h * 0.65), e.mentions)
  end
  local ly = #top * row_h + 22
  lx = label_w
  for _, o in ipairs(r.outlets) do
    local w = 24 + 7 * (utf8.len(o.name) or #o.name)
    if lx + w > label_w + bar_w + 60 then ly, lx = ly + 20, label_w end
    out[#out + 1] = ('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" class="legend">%s</text>')
      :format(lx, ly - 10, colours[o.name], lx + 16, ly, esc(o.name))
    lx = lx + w
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

--- Co-occurrence network: the most mentioned entities on a circle, edges by shared sentences.
local function network_chart(r)
  local nodes, index = {}, {}
  for _, e in ipairs(r.entities) do
    if #nodes >= 16 then break end
    nodes[#nodes + 1] = e
    index[e.name] = #nodes
  end
  local edges = {}
  for _, p in ipairs(r.cooccurrence or {}) do
    if index[p.a] and index[p.b] then edges[#edges + 1] = p end
  end
  if #nodes < 2 or #edges == 0 then return "<p>No entities named in the same sentence.</p>" end
  local margin, size, radius = 190, 540, 190
  local cx, cy = margin + size / 2, size / 2
  local pos = {}
  for i = 1, #nodes do
    local angle = 2 * math.pi * (i - 1) / #nodes - math.pi / 2
    pos[i] = { cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle }
  end
  local max_count, max_mentions = edges[1].count, nodes[1].mentions
  local out = { ('<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="Co-occurrence network">')
    :format(size + 2 * margin, size) }
  for _, p in ipairs(edges) do
    local a, b = pos[index[p.a]], pos[index[p.b]]
    out[#out + 1] = ('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888" stroke-opacity="0.6" stroke-width="%s"><title>%s and %s: %d sentences</title></line>')
      :format(fmt(a[1]), fmt(a[2]), fmt(b[1]), fmt(b[2]), fmt(1 + 5 * p.count / max_count),
        esc(p.a), esc(p.b), p.count)
  end
  for i, e in ipairs(nodes) do
    local x, y, angle = pos[i][1], pos[i][2], pos[i][3]
    local rr = 5 + 13 * math.sqrt(e.mentions / max_mentions)
    local anchor = math.cos(angle) >= 0 and "start" or "end"
    local dx = math.cos(angle) >= 0 and rr + 4 or -(rr + 4)
    out[#out + 1] = ('<circle cx="%s" cy="%s" r="%s" fill="%s"><title>%s (%s): %d mentions</title></circle>')
      :format(fmt(x), fmt(y), fmt(rr), TYPE_COLOURS[e.type] or TYPE_COLOURS.MISC, esc(e.name),
        esc(e.type), e.mentions)
    out[#out + 1] = ('<text x="%s" y="%s" text-anchor="%s" class="label">%s</text>')
      :format(fmt(x + dx), fmt(y + 4), anchor, label(e.name, 26))
  end
  local ly, shown = 20, {}
  for _, e in ipairs(nodes) do
    if not shown[e.type] then
      shown[e.type] = true
      out[#out + 1] = ('<circle cx="%d" cy="%d" r="6" fill="%s"/><text x="%d" y="%d" class="legend">%s</text>')
        :format(size + 2 * margin - 110, ly, TYPE_COLOURS[e.type] or TYPE_COLOURS.MISC,
          size + 2 * margin - 98, ly + 4, esc(e.type))
      ly = ly + 20
    end
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

local function day_number(date)
  local y, m, d = tostring(date or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  return os.time { year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 } // 86400,
    ("%s-%s-%s"):format(y, m, d)
end

--- Timeline: one dot per dated article, a row per outlet.
local function timeline_chart(r, colours)
  local items, lo, hi = {}, nil, nil
  for _, a in ipairs(r.articles) do
    local day, iso = day_number(a.date)
    if day then
      items[#items + 1] = { day = day, label = iso, article = a }
      lo = lo and math.min(lo, day) or day
      hi = hi and math.max(hi, day) or day
    end
  end
  if #items == 0 then return "<p>No article carries a date.</p>" end
  local rows = {}
  for i, o in ipairs(r.outlets) do rows[o.name] = i end
  local left, width, row_h = 190, 480, 26
  local span = math.max(1, hi - lo)
  local h = #r.outlets * row_h + 50
  local out = { ('<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="Timeline">')
    :format(left + width + 40, h) }
  for name, i in pairs(rows) do
    local y = (i - 1) * row_h + 16
    out[#out + 1] = ('<text x="%d" y="%d" text-anchor="end" class="label">%s</text>')
      :format(left - 10, y + 4, label(name, 28))
    out[#out + 1] = ('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd"/>')
      :format(left, y, left + width, y)
  end
  for _, it in ipairs(items) do
    local x = left + width * (it.day - lo) / span
    local y = (rows[it.article.source] - 1) * row_h + 16
    out[#out + 1] = ('<circle cx="%s" cy="%d" r="7" fill="%s" fill-opacity="0.8"><title>%s: %s</title></circle>')
      :format(fmt(x), y, colours[it.article.source], esc(it.label), esc(it.article.title))
  end
  local axis_y = #r.outlets * row_h + 16
  local _, first = day_number(os.date("!%Y-%m-%d", lo * 86400))
  local _, last = day_number(os.date("!%Y-%m-%d", hi * 86400))
  out[#out + 1] = ('<text x="%d" y="%d" class="legend">%s</text>'):format(left, axis_y + 16, first)
  out[#out + 1] = ('<text x="%d" y="%d" text-anchor="end" class="legend">%s</text>')
    :format(left + width, axis_y + 16, last)
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n")
end

local CSS = [[
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:980px;
color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.7rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .5rem;
border-bottom:1px solid #eee;vertical-align:top}td.n{text-align:right}
.chart{width:100%;height:auto;font-size:12px}.label{fill:#222}.value,.legend{fill:#555;font-size:11px}
blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #ccc;background:#fafafa}
.who{font-weight:600}.src{color:#666;font-size:.85rem}
]]

--- Renders the page.
-- @param r a newscorpus.report Report
-- @return string HTML
function report_html.render(r)
  local colours = {}
  for i, o in ipairs(r.outlets) do colours[o.name] = PALETTE[(i - 1) % #PALETTE + 1] end
  local out = {}
  local function add(...) out[#out + 1] = table.concat({ ... }) end
  add('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
  add('<meta name="viewport" content="width=device-width, initial-scale=1">')
  add("<title>", esc(r.title), "</title><style>", CSS, "</style></head><body>")
  add("<h1>", esc(r.title), "</h1>")
  add(("<p>%d articles from %d outlets; %d entities named; %d quotes.</p>")
    :format(#r.articles, #r.outlets, #r.entities, #r.quotes))
  add("<h2>Mentions per outlet</h2>", mentions_chart(r, colours))
  add("<h2>Who is named with whom</h2>", network_chart(r))
  add("<h2>Timeline</h2>", timeline_chart(r, colours))
  add("<h2>Articles</h2><table><tr><th>Outlet</th><th>Title</th><th>Date</th><th>Mentions</th><th>Quotes</th></tr>")
  for _, a in ipairs(r.articles) do
    add("<tr><td>", esc(a.source), "</td><td>", esc(a.title or a.file), "</td><td>", esc(a.date),
      '</td><td class="n">', a.mentions, '</td><td class="n">', a.quotes, "</td></tr>")
  end
  add("</table><h2>Entities</h2><table><tr><th>Name</th><th>Type</th><th>Mentions</th><th>Articles</th><th>Outlets</th></tr>")
  for _, e in ipairs(r.entities) do
    add("<tr><td>", esc(e.name), "</td><td>", esc(e.type), '</td><td class="n">', e.mentions,
      '</td><td class="n">', e.articles, "</td><td>", esc(table.concat(e.outlets, ", ")), "</td></tr>")
  end
  add("</table><h2>Quotes</h2>")
  for _, q in ipairs(r.quotes) do
    if q.kind ~= "partial" and q.speaker then
      add('<blockquote><span class="who">', esc(q.speaker), '</span> <span class="src">(',
        esc(q.source), ")</span><br>“", esc(q.text), "”</blockquote>")
    end
  end
  if #r.shared_quotes > 0 then
    add("<h2>Quotes carried by several outlets</h2>")
    for _, g in ipairs(r.shared_quotes) do
      add('<blockquote><span class="who">', esc(g.entity or g.speaker or "unattributed"),
        '</span> <span class="src">(', esc(table.concat(g.sources, ", ")), ")</span><br>“",
        esc(g.text), "”</blockquote>")
    end
  end
  add("</body></html>\n")
  return table.concat(out, "\n")
end

return report_html
