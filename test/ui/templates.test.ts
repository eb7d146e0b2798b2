// fillTemplate splits a template at its placeholders once and remembers the pieces; what it gives
// must be what a regular expression's replace gives, for any template and any values.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {fillTemplate, fillTemplateByReplace} from '../../source/i18n/lang.js';
import {UI_STRINGS} from '../../source/i18n/ui.js';

const pieces = fc.constantFrom('{', '}', '{n}', '{time}', '{x_1}', '{}', '{{n}}', '{n', 'n}', '{ n}', '$&', '$1', '한글', ' ', 'text', '{constructor}', '\n');
const templates = fc.array(pieces, {maxLength: 12}).map((parts) => parts.join(''));
const params = fc.dictionary(fc.constantFrom('n', 'time', 'x_1', 'other'), fc.oneof(fc.string({maxLength: 6}), fc.integer(), fc.constant('$&{n}')));

test('fillTemplate fills placeholders as the regular expression did (any template, values with $ and braces)', () => {
	fc.assert(fc.property(templates, params, (template, values) => {
		// Twice: the first call splits the template, the second uses the remembered pieces.
		assert.equal(fillTemplate(template, values), fillTemplateByReplace(template, values));
		assert.equal(fillTemplate(template, values), fillTemplateByReplace(template, values));
	}), {numRuns: 2000});
});

test('every string of the screen comes out as before, with and without its values', () => {
	const values = {time: '1.250s', speed: '×1', seed: 7, n: 3, call: 'read', addr: '10.0.0.2:80', profile: 'linux', dir: 'c2s', summary: 'delay 1ms'};
	for (const text of Object.values(UI_STRINGS)) {
		for (const template of [text.en, text.ko]) {
			assert.equal(fillTemplate(template, values), fillTemplateByReplace(template, values));
			assert.equal(fillTemplate(template, {}), fillTemplateByReplace(template, {}));
		}
	}
});
