// Small helpers to build the app's screens from the DOM, never from HTML strings (what people
// type is shown as text, whatever it holds).

/**
 * h makes an element: h('p', {class: 'hint'}, 'text', child, ...). Attributes whose value is
 * false, null or undefined are left out; on* attributes are event listeners.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|number|false|null|undefined|Array<Node|string|false|null|undefined>)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = String(value);
    else if (name in el && typeof value !== 'string') /** @type {any} */ (el)[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === false || child === null || child === undefined) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return el;
}

/** @param {string} id @returns {HTMLElement} */
export const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * field is a labelled control with its hint and its error line, tied for screen readers.
 * @param {string} id @param {string} label @param {HTMLElement} control @param {string} [hint]
 */
export function field(id, label, control, hint) {
  control.id = id;
  const described = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return h('p', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
    h('span', { class: 'error', id: `${id}-error`, hidden: true }));
}

/**
 * showErrors writes each field's message under it (or clears them); the first faulty field
 * takes the focus. Returns whether there was any.
 * @param {HTMLElement} form @param {Record<string, string>} errors by control id
 */
export function showErrors(form, errors) {
  for (const el of form.querySelectorAll('.error[id$="-error"]')) {
    /** @type {HTMLElement} */ (el).hidden = true;
    el.textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let first = null;
  for (const [id, message] of Object.entries(errors)) {
    const line = form.querySelector(`#${CSS.escape(id)}-error`);
    const control = form.querySelector(`#${CSS.escape(id)}`);
    if (!line || !control) continue;
    line.textContent = message;
    /** @type {HTMLElement} */ (line).hidden = false;
    control.setAttribute('aria-invalid', 'true');
    first ??= /** @type {HTMLElement} */ (control.matches('fieldset') ? control.querySelector('input') ?? control : control);
  }
  first?.focus();
  return first !== null;
}

/**
 * choice is a group of radio buttons (large targets), one of which may be checked.
 * @param {string} name @param {string} legend @param {Array<{value: string, text: string}>} options
 * @param {string} checked @param {{required?: boolean, hint?: string}} [more]
 */
export function choice(name, legend, options, checked, more = {}) {
  return h('fieldset', { class: 'choice', id: name, 'aria-describedby': `${name}-error` },
    h('legend', {}, legend, more.required ? h('span', { class: 'required' }, ' *') : null),
    more.hint ? h('span', { class: 'hint' }, more.hint) : null,
    options.map((o) => h('label', { class: 'option' },
      h('input', { type: 'radio', name, value: o.value, checked: o.value === checked }), h('span', {}, o.text))),
    h('span', { class: 'error', id: `${name}-error`, hidden: true }));
}

/**
 * checks is a group of checkboxes.
 * @param {string} name @param {string} legend @param {Array<{value: string, text: string}>} options
 * @param {string[]} checked
 */
export function checks(name, legend, options, checked) {
  return h('fieldset', { class: 'choice', id: name },
    h('legend', {}, legend),
    options.map((o) => h('label', { class: 'option' },
      h('input', { type: 'checkbox', name, value: o.value, checked: checked.includes(o.value) }), h('span', {}, o.text))));
}

/** @param {HTMLElement} form @param {string} name */
export const picked = (form, name) => /** @type {HTMLInputElement|null} */ (form.querySelector(`input[name="${name}"]:checked`))?.value ?? '';

/** @param {HTMLElement} form @param {string} name */
export const pickedAll = (form, name) =>
  [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => /** @type {HTMLInputElement} */ (el).value);

/** @param {HTMLElement} form @param {string} id */
export const valueOf = (form, id) => /** @type {HTMLInputElement} */ (form.querySelector(`#${id}`)).value;
