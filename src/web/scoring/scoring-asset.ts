/**
 * The scoring form's running weighted total: the same arithmetic as weightedScore in
 * workflows/achievement-scoring.ts (an empty criterion counts as 0, rounded to two decimals), so
 * the total an expert sees is the one the machine records. CSP allows no inline script, hence a file.
 */
export const SCORING_JS = `
(function () {
  function update(form) {
    var inputs = form.querySelectorAll('input[data-weight]');
    var sum = 0, weights = 0, filled = 0;
    inputs.forEach(function (input) {
      var w = Number(input.getAttribute('data-weight'));
      var v = input.value === '' ? NaN : Number(input.value);
      weights += w;
      if (!isNaN(v)) { sum += v * w; filled++; }
    });
    var total = weights ? Math.round((sum / weights) * 100) / 100 : 0;
    var out = form.querySelector('#running-total');
    var note = form.querySelector('#running-filled');
    if (out) out.textContent = filled ? String(total) : '—';
    if (note) note.textContent = filled < inputs.length ? '(已填 ' + filled + '/' + inputs.length + ' 项,未填项按 0 分计)' : '';
  }
  function init() {
    var form = document.getElementById('scoring-form');
    if (!form) return;
    form.addEventListener('input', function () { update(form); });
    update(form);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`;
