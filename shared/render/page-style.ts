/**
 * The one stylesheet, inlined: the site makes no external requests (no CDN, no web font).
 * Colours meet WCAG AA (text ≥ 4.5:1, chart marks ≥ 3:1 on white); fonts are the CJK
 * system stacks of Windows, macOS and Linux.
 *
 * Narrow screens (a 390 px phone): table cells break Chinese only where a word ends
 * (`word-break: keep-all`: names, 「2021年12月」 and codes stay whole), and a table takes its
 * natural width (cells up to 20em, longer text wraps at words), so a column is never narrower
 * than its words (not even 「2021-12」 at its hyphen); a table wider than the screen scrolls
 * inside its frame (`.table-wrap`), never the page. Codes (`.mono`) in tables never wrap.
 *
 * Print: A4 landscape (the period report's tables are 8–10 columns wide), compact tables that
 * may run across pages (rows stay whole, headers repeat), charts side by side, project sentences
 * in two columns, page numbers in the bottom margin ("3 / 5"), no navigation or language switch.
 * The June 2021 report prints on 4 pages instead of 8 (docs/local.md, "Printing").
 */
export const PAGE_CSS = `
:root{--ink:#1f2933;--muted:#4b5563;--line:#d1d5db;--accent:#1d4ed8;--budget:#6b7280;--warn-ink:#8a1c1c;--warn-bg:#fdecec;--ok-ink:#14532d;--ok-bg:#e8f5ec}
*{box-sizing:border-box}
html{font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;color:var(--ink);background:#fff;line-height:1.6}
body{margin:0 auto;max-width:72rem;padding:1rem 1.25rem 3rem}
.show-zh .en,.show-en .zh{display:none}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;border-bottom:2px solid var(--ink);padding-bottom:.5rem;margin-bottom:1rem}
header.site nav a{margin-right:1rem}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,summary:focus-visible{outline:3px solid #b45309;outline-offset:2px}
a.lang{font:inherit;padding:.25rem .75rem;border:1px solid var(--ink);border-radius:.25rem;background:#fff;color:var(--ink);text-decoration:none}
a.lang:hover{background:var(--ink);color:#fff}
h1{font-size:1.6rem;margin:.25rem 0 .5rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-left:4px solid var(--accent);padding-left:.5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.lead{font-size:1.05rem}
.meta{color:var(--muted);font-size:.9rem}
dl.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem;margin:1rem 0}
dl.figures div{border:1px solid var(--line);border-radius:.25rem;padding:.5rem .75rem}
dl.figures dt{color:var(--muted);font-size:.85rem}
dl.figures dd{margin:0;font-size:1.15rem;font-variant-numeric:tabular-nums}
.nw{white-space:nowrap}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top;word-break:keep-all;overflow-wrap:break-word}
th{text-align:left}
thead th{background:#f3f4f6}
tbody th{font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot th,tfoot td{font-weight:600;background:#f9fafb}
.flag{display:inline-block;margin:0 .25rem .15rem 0;padding:0 .4rem;border-radius:.2rem;background:var(--warn-bg);color:var(--warn-ink);font-size:.85rem;white-space:nowrap}
.status{display:inline-block;padding:0 .4rem;border-radius:.2rem;font-size:.9rem;white-space:nowrap}
.status-accepted{background:var(--ok-bg);color:var(--ok-ink)}
.status-rejected{background:var(--warn-bg);color:var(--warn-ink)}
.status-deleted,.status-superseded,.status-pending{background:#f3f4f6;color:var(--ink)}
ul.sentences li{margin:.35rem 0}
ul.warnings li{margin:.25rem 0}
figure{margin:1rem 0}
figcaption{font-weight:600}
svg{max-width:100%;height:auto;font-family:inherit}
svg .label{fill:var(--ink);font-size:12px}
svg .axis{stroke:var(--muted);stroke-width:1}
svg .grid{stroke:var(--line);stroke-width:1}
svg .bar-budget{fill:var(--budget)}
svg .bar-spent{fill:var(--accent)}
svg .line-time{stroke:var(--budget);stroke-width:2;stroke-dasharray:6 4;fill:none}
svg .line-rate{stroke:var(--accent);stroke-width:2.5;fill:none}
svg .dot-rate{fill:var(--accent)}
svg .dot-rate.off-scale{stroke:#9a1b1b;stroke-width:2}
ul.months{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
.legend{display:flex;gap:1.25rem;font-size:.9rem;margin:.25rem 0}
.swatch{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.3rem;border-radius:.1rem}
.swatch-budget{background:var(--budget)}
.swatch-spent{background:var(--accent)}
.swatch-time{border:2px dashed var(--budget)}
details{border:1px solid var(--line);border-radius:.25rem;padding:.25rem .75rem;margin:.5rem 0}
summary{cursor:pointer;font-weight:600}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Consolas,"Liberation Mono",monospace;font-size:.88em}
code,.mono{overflow-wrap:anywhere}
td .mono,th .mono{white-space:nowrap}
ul.months li,time{white-space:nowrap}
footer{margin-top:3rem;border-top:1px solid var(--line);padding-top:.5rem;color:var(--muted);font-size:.85rem}
@media screen and (max-width:48rem){
  table{width:max-content;min-width:100%}
  th,td{max-width:20em}
}
@page{size:A4 landscape;margin:8mm 10mm 10mm;@bottom-center{content:counter(page) " / " counter(pages);font-size:8pt;color:#4b5563}}
@media print{
  html{font-size:8.5pt;line-height:1.35}
  body{max-width:none;padding:0}
  header.site nav,.lang,.no-print{display:none!important}
  a{color:inherit;text-decoration:none}
  h1{font-size:1.4rem}
  h2{break-after:avoid;margin:.5rem 0 .2rem;font-size:1.1rem}
  h3{break-after:avoid}
  caption{break-after:avoid}
  figure,dl.figures div,tr{break-inside:avoid}
  .table-wrap{overflow:visible}
  table{margin:.1rem 0 .35rem;font-size:7.2pt}
  th,td{padding:0 .25rem}
  thead{display:table-header-group}
  details{border:none;padding:0}
  table{line-height:1.25}
  svg{max-height:5.5cm}
  section:has(> figure + figure){display:grid;grid-template-columns:1fr 1fr;gap:0 1rem;align-items:start}
  section:has(> figure + figure) > :not(figure){grid-column:1 / -1}
  figure{margin:.25rem 0}
  ul.sentences{columns:2;column-gap:1.5rem}
  ul.sentences li{margin:0 0 .1rem;break-inside:avoid}
  dl.figures{margin:.5rem 0;gap:.35rem}
  dl.figures div{padding:.2rem .5rem}
  footer{margin-top:1rem}
}
`;

/**
 * The language switch (a link, hidden without JavaScript): it reads the language it leads to,
 * 「English」 on the Chinese view and 「中文」 on the English one, and points at `?lang=en` /
 * `?lang=zh`. A page opened with `?lang=en` shows English, so the English view can be linked;
 * otherwise the last choice (localStorage) applies. Switching puts `?lang=` in the address bar
 * (history.replaceState) so the address shared is the view seen.
 */
export const LANGUAGE_SCRIPT = `(function(){var r=document.documentElement,b=document.getElementById('lang-toggle');if(!b)return;b.hidden=false;function set(en,keep){r.classList.toggle('show-en',en);r.classList.toggle('show-zh',!en);r.setAttribute('lang',en?'en':'zh-CN');b.textContent=en?'中文':'English';b.setAttribute('lang',en?'zh-CN':'en');b.setAttribute('hreflang',en?'zh-CN':'en');b.setAttribute('href','?lang='+(en?'zh':'en'));if(keep){try{localStorage.setItem('budget-lang',en?'en':'zh')}catch(e){}}}b.addEventListener('click',function(e){e.preventDefault();var en=!r.classList.contains('show-en');set(en,true);try{var u=new URL(location.href);u.searchParams.set('lang',en?'en':'zh');history.replaceState(null,'',u.href)}catch(e){}});var q=null,s=null;try{q=new URLSearchParams(location.search).get('lang')}catch(e){}if(q==='en'||q==='zh'){set(q==='en',true)}else{try{s=localStorage.getItem('budget-lang')}catch(e){}set(s==='en',false)}})();`;
