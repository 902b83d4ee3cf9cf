/**
 * The console's own stylesheet and script, small enough to live in the code (no build step, and
 * `nest build` needs no asset copying). htmx and ECharts are served from node_modules.
 */
export const APP_CSS = `
:root { --fg:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f8fafc; --brand:#b91c1c; --link:#1d4ed8; --ok:#15803d; --bad:#b91c1c; --warn:#b45309; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.6 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--link); }
header.site { display:flex; flex-wrap:wrap; gap:.5rem 1.25rem; align-items:center; padding:.6rem 1rem; background:#fff; border-bottom:3px solid var(--brand); }
header.site .brand { font-weight:700; color:var(--brand); text-decoration:none; font-size:1.1rem; }
header.site nav { display:flex; flex-wrap:wrap; gap:.25rem 1rem; }
header.site nav a { text-decoration:none; }
header.site .who { margin-left:auto; display:flex; gap:.5rem; align-items:center; color:var(--muted); }
footer.site { padding:1rem; color:var(--muted); text-align:center; font-size:.9rem; }
main { max-width:1200px; margin:0 auto; padding:1rem; }
h1 { font-size:1.5rem; margin:.5rem 0 1rem; }
h2 { font-size:1.15rem; margin:1.25rem 0 .5rem; }
section, .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; margin-bottom:1rem; }
table { width:100%; border-collapse:collapse; background:#fff; }
th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f1f5f9; font-weight:600; white-space:nowrap; }
dl.record, dl { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; }
dt { color:var(--muted); }
dd { margin:0; }
.muted { color:var(--muted); }
.count { display:inline-block; min-width:1.6em; padding:0 .4em; border-radius:1em; background:#e0e7ff; color:#3730a3; font-size:.85rem; text-align:center; }
.overdue-count, .overdue-mark { margin-left:.5rem; color:#fff; background:var(--bad); border-radius:4px; padding:0 .4em; font-size:.8rem; }
tr.overdue td { background:#fef2f2; }
.warn { color:var(--warn); }
.badge { display:inline-block; padding:0 .5em; border-radius:4px; background:#e5e7eb; font-size:.85rem; font-weight:500; }
.state-published, .state-inLibrary, .body-reported { background:#dcfce7; color:var(--ok); }
.state-rejected, .state-revoked, .state-withdrawn, .body-pending { background:#fee2e2; color:var(--bad); }
.state-suspended, .state-returned { background:#fef3c7; color:var(--warn); }
.body-nil { background:#e0e7ff; color:#3730a3; }
.error { color:var(--bad); background:#fef2f2; border:1px solid #fecaca; border-radius:4px; padding:.5rem .75rem; }
.card.ok { border-color:#bbf7d0; background:#f0fdf4; }
.notice { background:#eff6ff; border:1px solid #bfdbfe; border-radius:4px; padding:.5rem .75rem; }
.field { display:block; margin:.5rem 0; }
.field .label { display:block; font-weight:600; }
.req { color:var(--bad); font-style:normal; margin-left:.2em; }
input[type=text], input[type=search], input[type=number], input[type=password], input[type=date], select, textarea { font:inherit; padding:.35rem .5rem; border:1px solid #cbd5e1; border-radius:4px; width:100%; max-width:40rem; background:#fff; }
input[type=number] { max-width:8rem; }
[aria-invalid=true] { border-color:var(--bad); background:#fff7f7; }
.field-error { display:block; color:var(--bad); font-size:.9rem; }
fieldset { border:1px solid var(--line); border-radius:6px; margin:0 0 1rem; background:#fff; }
legend { font-weight:700; padding:0 .4rem; }
fieldset .row { display:grid; grid-template-columns:repeat(auto-fit, minmax(12rem, 1fr)); gap:0 1rem; }
.check { display:block; margin:.4rem 0; }
button, .button { font:inherit; padding:.35rem .9rem; border:1px solid #94a3b8; border-radius:4px; background:#fff; cursor:pointer; text-decoration:none; color:var(--fg); display:inline-block; }
button.primary { background:var(--link); border-color:var(--link); color:#fff; }
button.danger { background:#fff; border-color:var(--bad); color:var(--bad); }
button.link { border:none; background:none; color:var(--link); padding:0; }
.buttons { display:flex; flex-wrap:wrap; gap:.5rem; margin-top:.5rem; }
form.filters { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:flex-end; margin-bottom:1rem; }
form.filters label { display:flex; flex-direction:column; font-size:.9rem; min-width:9rem; }
.pager { display:flex; gap:1rem; margin:1rem 0; }
.columns { display:grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap:1rem; }
.columns > div > section:first-child { margin-top:0; }
.state-diagram { overflow:auto; }
.state-diagram svg { max-width:100%; height:auto; font-size:13px; }
.state-diagram .state rect { fill:#fff; stroke:#94a3b8; stroke-width:1.5; }
.state-diagram .state.visited rect { fill:#dbeafe; stroke:#1d4ed8; stroke-width:2; }
.state-diagram .state.current rect { fill:#fde68a; stroke:#b45309; stroke-width:4; }
.state-diagram .state.current text { font-weight:700; }
.state-diagram .edge line { stroke:#cbd5e1; stroke-width:1.2; }
.state-diagram .edge.taken line { stroke:#1d4ed8; stroke-width:2.5; }
.state-diagram marker path { fill:#64748b; }
ol.stepper { list-style:none; display:flex; flex-wrap:wrap; gap:.25rem; padding:0; margin:.25rem 0 .5rem; }
ol.stepper .step { display:flex; align-items:center; gap:.35rem; padding:.2rem .6rem .2rem .3rem; border-radius:1rem; background:#f1f5f9; color:var(--muted); font-size:.9rem; }
ol.stepper .step .dot { display:inline-flex; justify-content:center; align-items:center; width:1.5em; height:1.5em; border-radius:50%; background:#cbd5e1; color:#fff; font-size:.8rem; }
ol.stepper .step.done { background:#dcfce7; color:var(--ok); }
ol.stepper .step.done .dot { background:var(--ok); }
ol.stepper .step.current { background:#fde68a; color:#78350f; font-weight:700; }
ol.stepper .step.current .dot { background:#b45309; }
ol.stepper .step.ended { background:#fee2e2; color:var(--bad); font-weight:700; }
ol.stepper .step.ended .dot { background:var(--bad); }
.returned-notice { border:2px solid var(--warn); background:#fffbeb; }
.returned-notice h2 { color:var(--warn); margin-top:0; }
#fix-links a.fix { margin-right:.5rem; }
#fix-links a.fix.mentioned { font-weight:700; }
:target { outline:3px solid var(--warn); outline-offset:2px; }
form.inline { display:inline; margin-left:.5rem; }
button.danger-link { color:var(--bad); }
.item-tools .button { margin-right:.5rem; }
body.print-view { background:#fff; }
.sheet { max-width:210mm; margin:0 auto; padding:12mm; background:#fff; }
.sheet h1 { text-align:center; font-size:1.6rem; }
table.print-table { margin-bottom:.75rem; }
table.print-table th, table.print-table td { border:1px solid #334155; }
table.print-table th { width:8em; }
table.signatures td { height:3.5em; }
@page { size:A4; margin:15mm; }
.legend .swatch { display:inline-block; width:1em; height:1em; vertical-align:middle; margin:0 .25em 0 .75em; border:2px solid; }
.legend .swatch.current { background:#fde68a; border-color:#b45309; }
.legend .swatch.visited { background:#dbeafe; border-color:#1d4ed8; }
.prose { white-space:pre-wrap; }
.charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(min(30rem, 100%), 1fr)); gap:0 1rem; }
.charts > section { min-width:0; }
.chart { margin:0; }
.chart svg { width:100%; height:auto; display:block; }
.figures .table-scroll { overflow-x:auto; }
.figures caption { text-align:left; font-weight:600; }
ul.files, ul.inbox { padding-left:1.2rem; }
ul.inbox li.unread strong::before { content:"● "; color:var(--brand); }
.login { max-width:24rem; margin:3rem auto; }
ol.results { list-style:none; padding:0; }
.result { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.75rem 1rem; margin-bottom:.75rem; }
.result h2 { margin:0 0 .25rem; }
.meta { color:var(--muted); font-size:.9rem; }
@media (max-width: 800px) {
  .columns { grid-template-columns:1fr; }
  table { display:block; overflow-x:auto; }
  header.site .who { margin-left:0; }
  dl.record, dl { grid-template-columns:1fr; }
}
/* Worklists on a phone: each row a card of labelled lines instead of a table to scroll sideways. */
@media (max-width: 600px) {
  table.worklist, table.worklist tbody, table.worklist tr, table.worklist td { display:block; width:100%; }
  table.worklist thead { display:none; }
  table.worklist tr { border:1px solid var(--line); border-radius:6px; margin-bottom:.6rem; padding:.25rem 0; }
  table.worklist td { border:none; padding:.15rem .6rem; overflow-wrap:anywhere; }
  table.worklist td[data-label]::before { content:attr(data-label) "："; color:var(--muted); font-size:.85rem; }
  table.worklist td[data-label="成果"]::before { content:none; }
  table.worklist td[data-label="成果"] { font-weight:600; }
  .pager { flex-wrap:wrap; gap:.5rem 1rem; }
  h1 { font-size:1.3rem; }
}
@media print {
  header.site nav, header.site .who, form, .pager, .buttons, #workflow-actions, .screen-only { display:none !important; }
  .sheet { padding:0; max-width:none; }
  body { background:#fff; font-size:12pt; }
  section, .card, .result { border:none; padding:0; }
  a { color:inherit; text-decoration:none; }
}
`;

export const APP_JS = `
(function () {
  function syncCategory() {
    var select = document.querySelector('form.record-form select[name=category]');
    if (!select) return;
    var sections = document.querySelectorAll('fieldset.evidence');
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = select.value !== '' && sections[i].getAttribute('data-category') !== select.value;
    }
  }
  document.addEventListener('change', function (event) {
    if (event.target && event.target.name === 'category') syncCategory();
    // 全选: a header checkbox ticks every box of its form named by data-select.
    if (event.target && event.target.classList && event.target.classList.contains('select-all')) {
      var boxes = event.target.form.querySelectorAll('input[type=checkbox][name="' + event.target.getAttribute('data-select') + '"]');
      for (var j = 0; j < boxes.length; j++) boxes[j].checked = event.target.checked;
    }
  });
  // A form (rather than one of its buttons) carrying data-confirm asks before it is sent.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var text = form && form.getAttribute && form.getAttribute('data-confirm');
    if (text && !window.confirm(text)) event.preventDefault();
  }, true);
  document.addEventListener('DOMContentLoaded', syncCategory);
  // The second step before an action that cannot be undone: a button's data-confirm is asked
  // before its form is sent (htmx listens to the same submit, so both kinds of form wait), and a
  // button marked data-needs-reason is not sent with an empty reason.
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('button') : null;
    if (!button || !button.form) return;
    if (button.hasAttribute('data-needs-reason')) {
      var reason = button.form.querySelector('textarea[name=comment]');
      if (reason && reason.value.trim() === '') {
        event.preventDefault();
        event.stopPropagation();
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        var label = button.textContent.trim();
        window.alert('「' + label + '」必须填写理由,请在“意见/理由”中写明后再操作。');
        return;
      }
    }
    var question = button.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
})();
`;
