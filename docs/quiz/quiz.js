/* Muscle Twitch Guide: the interactive quiz.
   Progressive enhancement: the page already lists every question with its answer, so if
   anything here is missing or broken we simply leave that list alone. The data is embedded
   in the page (never fetched), so the quiz also works from file://. Data text is only ever
   inserted as text, never parsed as HTML. */
(() => {
  'use strict';

  const root = document.getElementById('mtg-quiz');
  const isArr = Array.isArray;
  const isObj = (o) => o !== null && typeof o === 'object' && !isArr(o);
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const okItem = (it) => isObj(it) && typeof it.id === 'string' && typeof it.question === 'string' &&
    isArr(it.options) && it.options.length > 1 &&
    it.options.every((o) => isObj(o) && typeof o.text === 'string') &&
    it.options.some((o) => o.correct === true);

  let data;
  try {
    data = JSON.parse(document.getElementById('mtg-quiz-data').textContent);
  } catch (e) {
    data = null;
  }
  if (!root || !isObj(data) || !isArr(data.items) || !data.items.length || !data.items.every(okItem)) {
    if (root) root.hidden = true; // no usable data: give the space back; the static list stays
    return;
  }

  const byId = new Map(data.items.map((it) => [it.id, it]));
  const KEY = 'muscle-twitch-guide:quiz:' + data.key;
  let st = null; // the round in progress: {round, order, answers, index, finished}

  // Storage may be missing or throw (privacy settings, some file:// setups). The quiz then
  // still works; it just cannot resume after a reload.
  const store = (fn) => {
    try { return fn(window.localStorage); } catch (e) { return null; }
  };
  const save = () => store((s) => s.setItem(KEY, JSON.stringify(st)));
  const clear = () => store((s) => s.removeItem(KEY));
  // Progress saved by earlier versions of the quiz can never be used again: remove it.
  store((s) => {
    const old = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k && k.startsWith('muscle-twitch-guide:quiz:') && k !== KEY) old.push(k);
    }
    old.forEach((k) => s.removeItem(k));
  });

  const isIndex = (n, max) => Number.isInteger(n) && n >= 0 && n < max;
  // Distinct option indices, all in range.
  const isSet = (a, max) => isArr(a) && a.every((n) => isIndex(n, max)) && new Set(a).size === a.length;

  // Saved progress comes from outside this script, so trust nothing in it.
  function valid(v) {
    if (!isObj(v) || !isArr(v.round) || !v.round.length || !isObj(v.order) || !isObj(v.answers) ||
        typeof v.finished !== 'boolean' || !isIndex(v.index, v.round.length) ||
        new Set(v.round).size !== v.round.length || Object.keys(v.order).length !== v.round.length) return false;
    let done = 0; // answered questions always form the start of the round
    for (let i = 0; i < v.round.length; i++) {
      const id = v.round[i];
      const it = typeof id === 'string' && byId.get(id);
      if (!it || !own(v.order, id)) return false;
      const n = it.options.length;
      if (!isSet(v.order[id], n) || v.order[id].length !== n) return false;
      if (own(v.answers, id)) {
        const a = v.answers[id];
        if (done !== i || !isSet(a, n) || !a.length || (it.kind !== 'multiple' && a.length !== 1)) return false;
        done++;
      }
    }
    return Object.keys(v.answers).every((id) => own(v.order, id)) && v.index <= done &&
      (!v.finished || done === v.round.length);
  }

  function load() {
    const raw = store((s) => s.getItem(KEY));
    if (raw == null) return null;
    try {
      const v = JSON.parse(raw);
      if (valid(v)) return v;
    } catch (e) { /* not JSON: fall through and forget it */ }
    clear();
    return null;
  }

  // Build an element; children may be strings (added as text) or nodes; falsy ones are skipped.
  function el(tag, attrs, kids) {
    const n = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      if (k === 'text') n.textContent = attrs[k];
      else n.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach((c) => {
      if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }
  function btn(label, primary, onClick) {
    const b = el('button', { type: 'button', class: 'md-button' + (primary ? ' md-button--primary' : ''), text: label });
    b.addEventListener('click', onClick);
    return b;
  }
  const heading = (text) => el('h2', { tabindex: '-1', text });
  const actions = (kids) => el('div', { class: 'mtg-quiz-actions' }, kids);
  function screen(kids) {
    root.textContent = '';
    kids.forEach((k) => root.appendChild(k));
  }
  function readMore(it) {
    const r = it.readMore;
    // Only relative or web links: the data should never put a script URL in an href.
    if (!isObj(r) || typeof r.href !== 'string' || (/^[a-z][\w+.-]*:/i.test(r.href) && !/^https?:/i.test(r.href))) return null;
    return el('p', {}, ['Read more: ', el('a', { href: r.href, text: String(r.title || r.href) })]);
  }

  const isRight = (it, chosen) => it.options.every((o, i) => (o.correct === true) === chosen.includes(i));
  function mark(mine, ok) {
    if (mine && ok) return 'Your answer and right answer';
    if (mine) return 'Your answer (not right)';
    return ok ? 'Right answer' : '';
  }

  function shuffle(a) { // Fisher-Yates
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  function newRound(short) {
    let ids = data.items.map((it) => it.id);
    if (short) {
      const pick = new Set(shuffle(ids.slice()).slice(0, 5));
      ids = ids.filter((id) => pick.has(id)); // keep the authors' order
    }
    const order = {};
    ids.forEach((id) => {
      const it = byId.get(id);
      const idx = it.options.map((_, i) => i);
      // "True, False" is the order everyone expects, so it is never shuffled.
      order[id] = it.kind === 'true-false'
        ? idx.sort((a, b) => (it.options[b].text === 'True') - (it.options[a].text === 'True'))
        : shuffle(idx);
    });
    st = { round: ids, order, answers: {}, index: 0, finished: false };
    save();
    showQuestion();
  }

  function showStart(focus) {
    const saved = load();
    const n = data.items.length;
    const h = heading('Take the quiz');
    screen([h,
      el('p', { text: n + (n === 1 ? ' question' : ' questions') + ', no timer. Each answer tells you why.' }),
      actions([
        saved && btn('Continue where you left off', true, () => {
          st = saved;
          if (st.finished) showResults(); else showQuestion();
        }),
        btn('Start the quiz', !saved, () => newRound(false)),
        btn('Short round (5 questions)', false, () => newRound(true)),
      ])]);
    if (focus) h.focus();
  }

  function go(step) {
    st.index += step;
    save();
    showQuestion();
  }

  function showQuestion() {
    const id = st.round[st.index];
    const it = byId.get(id);
    const order = st.order[id];
    const last = st.index === st.round.length - 1;
    const h = heading('Question ' + (st.index + 1) + ' of ' + st.round.length);
    const err = el('p', { id: 'mtg-quiz-error', class: 'mtg-quiz-error' });
    err.hidden = true;
    const rows = order.map((i) => el('label', { class: 'mtg-quiz-option' }, [
      el('input', { type: it.kind === 'multiple' ? 'checkbox' : 'radio', name: 'mtg-quiz-answer', value: String(i) }),
      el('span', { text: it.options[i].text }),
    ]));
    const inputs = rows.map((r) => r.firstChild);
    const fs = el('fieldset', { 'aria-describedby': 'mtg-quiz-hint' }, [
      el('legend', { text: it.question }),
      el('p', { id: 'mtg-quiz-hint', class: 'mtg-quiz-hint', text: String(it.hint || '') }),
      el('div', {}, rows),
    ]);
    const check = actions([el('button', { type: 'submit', class: 'md-button md-button--primary', text: 'Check answer' })]);
    const form = el('form', { novalidate: '' }, [fs, err, check]);
    // A live region that exists before it is filled, so screen readers announce the result.
    const fb = el('div', { class: 'mtg-quiz-feedback', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
    const nav = actions([st.index > 0 && btn('Previous question', false, () => go(-1))]);

    const setError = (on) => {
      err.hidden = !on;
      err.textContent = on ? 'Choose an answer first.' : '';
      fs.setAttribute('aria-describedby', on ? 'mtg-quiz-hint mtg-quiz-error' : 'mtg-quiz-hint');
    };
    form.addEventListener('change', () => setError(false));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = order.filter((_, k) => inputs[k].checked);
      if (!chosen.length) {
        setError(true);
        inputs[0].focus(); // back into the group, where the message is read out
        return;
      }
      st.answers[id] = chosen;
      save();
      answered();
      fb.focus();
    });

    // Show the checked (read-only) state: words say what is right, not only color.
    function answered() {
      const chosen = st.answers[id];
      const right = isRight(it, chosen);
      check.remove();
      setError(false);
      rows.forEach((row, k) => {
        const i = order[k];
        const m = mark(chosen.includes(i), it.options[i].correct === true);
        inputs[k].checked = chosen.includes(i);
        inputs[k].disabled = true;
        if (m) {
          row.classList.add(it.options[i].correct === true ? 'is-right' : 'is-wrong');
          row.lastChild.prepend(el('strong', { text: m + ': ' }));
        }
      });
      fb.classList.add(right ? 'is-right' : 'is-wrong');
      [el('p', {}, [el('strong', { text: right ? 'Correct.' : 'Not quite.' })]),
        el('ul', {}, order.map((i) => {
          const m = mark(chosen.includes(i), it.options[i].correct === true);
          return m && el('li', {}, [el('strong', { text: m + ': ' }), it.options[i].text + '. ',
            String(it.options[i].feedback || '')]);
        })),
        el('p', { text: String(it.explanation || '') }),
        readMore(it),
      ].forEach((n) => n && fb.appendChild(n));
      nav.appendChild(btn(last ? 'See your score' : 'Next question', true, () => {
        if (!last) return go(1);
        st.finished = true;
        save();
        showResults();
      }));
    }

    screen([h, form, fb, nav]);
    if (own(st.answers, id)) answered();
    h.focus();
  }

  function showResults() {
    let score = 0;
    const list = el('ol', { class: 'mtg-quiz-review' }, st.round.map((id) => {
      const it = byId.get(id);
      const chosen = st.answers[id];
      const right = isRight(it, chosen);
      const texts = (pick) => st.order[id].filter(pick).map((i) => it.options[i].text).join('; ');
      const many = it.options.filter((o) => o.correct === true).length > 1;
      score += right;
      return el('li', {}, [
        el('h3', { text: it.question }),
        el('p', {}, [el('strong', { text: right ? 'You got this right.' : 'Not quite.' })]),
        el('p', { text: (chosen.length > 1 ? 'Your answers: ' : 'Your answer: ') + texts((i) => chosen.includes(i)) }),
        el('p', { text: (many ? 'Right answers: ' : 'Right answer: ') + texts((i) => it.options[i].correct === true) }),
        el('p', { text: String(it.explanation || '') }),
        readMore(it),
      ]);
    }));
    const h = heading('Your score');
    screen([h,
      el('p', { class: 'mtg-quiz-score', text: 'You got ' + score + ' of ' + st.round.length + ' right.' }),
      list,
      actions([btn('Try again', true, () => {
        clear();
        st = null;
        showStart(true);
      })])]);
    h.focus();
  }

  // The static list stays below the quiz: its answers are folded away, and links to a
  // question's own anchor (#q-...) must land on something visible.
  root.hidden = false;
  showStart(false);
})();
