// Builds the CLI as users run it (`npx tcp-tui`, the installed bin): dist/bundle/tcp-tui.js, with
// source maps. Loading Ink the usual way opens about 570 files (416 of them es-toolkit's); one
// file starts in about half the time. What the CLI loads only on demand (the app, `run`, `serve`)
// is split into chunks beside it, and ssh2 (native code, for `serve`) stays a package of its own.
// `npm run build` and `prepack` run this after tsc; `npm start` and `npm test` keep using tsc's
// dist/source. `node scripts/bundle.mjs ENTRY OUTDIR NAME` bundles another entry the same way
// (the bench's long-session app).
//
// Ink draws every frame from scratch: each line of the screen goes through string-width, its ANSI
// tokenizer and, inside boxes that clip, slice-ansi, although most lines are the same as in the
// previous frame. These are pure functions of their arguments; in the bundle Ink's imports of them
// get a remembering wrapper (bounded), so an unchanged line costs a lookup; string-width itself is
// our displayWidth (source/text/width.ts), and Ink's output.js one that keeps the rows it has
// drawn (scripts/ink-output.js). Same output, same bytes.
import {build} from 'esbuild';
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry = 'source/cli.tsx', outdir = 'dist/bundle', name = 'tcp-tui'] = process.argv.slice(2);

/** Entries per cache before it starts again (a frame at 160×50 has a few hundred distinct lines). */
const CACHE_LIMIT = 20_000;

/** A module whose default export is `name`'s, remembered under `key` (an expression over `params`). */
function remembered(name, params, key, passThrough = 'false') {
	return `
import real from '${name}';
const cache = new Map();
export default function remembered(${params}) {
	if (${passThrough}) return real(${params});
	const key = ${key};
	let value = cache.get(key);
	if (value === undefined) {
		if (cache.size >= ${CACHE_LIMIT}) cache.clear();
		value = real(${params});
		cache.set(key, value);
	}
	return value;
}`;
}

const memoModules = {
	'widest-line': remembered('widest-line', 'text', 'text'),
	'slice-ansi': remembered('slice-ansi', 'text, start, end', "start + ':' + end + ':' + text"),
	// Ink only reads the tokens and styled characters it gets (output.js); they are shared as its
	// own per-frame cache already shares them between equal lines.
	'@alcalzone/ansi-tokenize': `
import * as real from '@alcalzone/ansi-tokenize';
export * from '@alcalzone/ansi-tokenize';
const tokens = new Map();
const styled = new WeakMap();
export function tokenize(text, endChar) {
	if (endChar !== undefined) return real.tokenize(text, endChar);
	let result = tokens.get(text);
	if (result === undefined) {
		if (tokens.size >= ${CACHE_LIMIT}) tokens.clear();
		result = real.tokenize(text);
		tokens.set(text, result);
	}
	return result;
}
export function styledCharsFromTokens(list) {
	let result = styled.get(list);
	if (result === undefined) {
		result = real.styledCharsFromTokens(list);
		styled.set(list, result);
	}
	return result;
}`,
};

/** Ink's files that draw each frame get the remembering versions; everything else the real ones. */
const rememberInkFrames = {
	name: 'remember-ink-frames',
	setup(b) {
		const filter = new RegExp(`^(${Object.keys(memoModules).map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
		b.onResolve({filter}, (args) => {
			if (args.namespace === 'ink-frame-memo') return undefined;
			if (!/[\\/]node_modules[\\/]ink[\\/]build[\\/](output|render-node-to-output)\.js$/.test(args.importer)) return undefined;
			return {path: args.path, namespace: 'ink-frame-memo', pluginData: {resolveDir: args.resolveDir}};
		});
		b.onLoad({filter: /.*/, namespace: 'ink-frame-memo'}, (args) => ({
			contents: memoModules[args.path],
			loader: 'js',
			resolveDir: args.pluginData.resolveDir,
		}));
	},
};

/**
 * Ink and the packages it measures text with (widest-line, wrap-ansi, cli-truncate) get
 * source/text/width.ts's displayWidth for string-width: the same answer for every string, without
 * segmenting graphemes when every character is one column (most of a screen). Only width.ts
 * itself, for what it does not know, asks the real string-width.
 */
const widthModule = path.join(root, 'source', 'text', 'width.ts');
const fastStringWidth = {
	name: 'fast-string-width',
	setup(b) {
		b.onResolve({filter: /^string-width$/}, (args) => {
			if (args.namespace !== 'ink-frame-memo' && !/[\\/]node_modules[\\/](ink|widest-line|wrap-ansi|cli-truncate)[\\/]/.test(args.importer)) return undefined;
			return {path: widthModule};
		});
	},
};

/**
 * Ink's output.js (the screen as rows of text) is replaced by scripts/ink-output.js, which draws
 * only rows it has not drawn before. It is a copy of Ink 6.8.0's with that change: another Ink
 * keeps its own file until the copy is brought up to date.
 */
const INK_OUTPUT_VERSION = '6.8.0';
const rowRememberingOutput = {
	name: 'row-remembering-output',
	setup(b) {
		const inkVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'ink', 'package.json'), 'utf8')).version;
		if (inkVersion !== INK_OUTPUT_VERSION) {
			console.warn(`bundle: Ink ${inkVersion} is not ${INK_OUTPUT_VERSION}; its own output.js is kept (update scripts/ink-output.js)`);
			return;
		}
		// Its import of tsc's width.js (for the unbundled tests) is the source itself here.
		b.onResolve({filter: /^\.\.\/dist\/source\/text\/width\.js$/}, (args) => (/[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/.test(args.importer) ? {path: widthModule} : undefined));
		b.onLoad({filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/}, () => ({
			contents: readFileSync(path.join(root, 'scripts', 'ink-output.js'), 'utf8'),
			loader: 'js',
		}));
	},
};

/**
 * Ink's render-node-to-output.js is replaced by scripts/ink-render-node.js, which gives Output a
 * node's writes of the last frame again when nothing it draws from changed. It learns of changes
 * through markInkNodeChanged, called by these patches of Ink's dom.js (children added, moved or
 * removed, a text set) and reconciler.js (props or style changed, hidden, shown); and of when
 * Yoga may have moved a box through layoutMayMove, called by a patch of ink.js. They
 * are all or nothing: if Ink's text is not what they expect, every file is left as it is (a warning),
 * since a change that went unmarked would leave old writes on the screen.
 */
const MARK = 'markInkNodeChanged';
const IMPORT_MARK = `import { ${MARK} } from './render-node-to-output.js';\n`;
// A text set to a value of the same shape (digits for digits: a clock, a countdown) keeps its
// measured size, so Yoga is not told to measure it and lay out the boxes above it again.
const SHAPE = 'sameTextShape';
const inkChangePatches = {
	'dom.js': [
		['export const appendChildNode = (node, childNode) => {\n', `$&    ${MARK}(node);\n`],
		['export const insertBeforeNode = (node, newChildNode, beforeChildNode) => {\n', `$&    ${MARK}(node);\n`],
		['export const removeChildNode = (node, removeNode) => {\n', `$&    ${MARK}(node);\n`],
		['export const setTextNodeValue = (node, text) => {\n', `$&    ${MARK}(node);\n`],
		['    node.nodeValue = text;\n    markNodeAsDirty(node);\n', `    const sameShape = ${SHAPE}(node, text);\n    node.nodeValue = text;\n    if (!sameShape) {\n        markNodeAsDirty(node);\n    }\n`],
		["import Yoga from 'yoga-layout';\n", `$&import { ${MARK}, ${SHAPE} } from './render-node-to-output.js';\n`],
	],
	// Ink lays the tree out before every frame; when Yoga has nothing to do (the root is not dirty),
	// the boxes read from it last time stand (layoutMayMove).
	'ink.js': [
		["import Yoga from 'yoga-layout';\n", `$&import { layoutMayMove } from './render-node-to-output.js';\n`],
		['        this.rootNode.yogaNode.setWidth(terminalWidth);\n', `$&        if (this.rootNode.yogaNode.isDirty()) {\n            layoutMayMove();\n        }\n`],
	],
	'reconciler.js': [
		["} from './dom.js';\n", `$&${IMPORT_MARK}`],
		// A re-rendered component gives its nodes new style objects of the same values, new children
		// (which change the tree through the calls above, if at all) and new accessibility objects
		// (read only for screen readers): none of these is a change. The other props a node draws
		// from are its transform and whether it is static.
		['        if (!props && !style) {\n            return;\n        }\n', `$&        if (style || Object.keys(props ?? {}).some((key) => key !== 'style' && key !== 'children' && key !== 'internal_accessibility')) {\n            ${MARK}(node);\n        }\n`],
		['    hideInstance(node) {\n', `$&        ${MARK}(node);\n`],
		['    unhideInstance(node) {\n', `$&        ${MARK}(node);\n`],
	],
};
const keptWrites = {
	name: 'kept-writes',
	setup(b) {
		const build = path.join(root, 'node_modules', 'ink', 'build');
		const inkVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'ink', 'package.json'), 'utf8')).version;
		const patched = new Map();
		for (const [file, patches] of Object.entries(inkChangePatches)) {
			let source = readFileSync(path.join(build, file), 'utf8');
			for (const [text, replacement] of patches) {
				if (source.split(text).length !== 2) {
					console.warn(`bundle: Ink's ${file} has changed (${JSON.stringify(text.trim().slice(0, 40))}); Ink walks its whole tree every frame`);
					return;
				}
				source = source.replace(text, replacement);
			}
			patched.set(file, source);
		}
		if (inkVersion !== INK_OUTPUT_VERSION) {
			console.warn(`bundle: Ink ${inkVersion} is not ${INK_OUTPUT_VERSION}; its own render-node-to-output.js is kept (update scripts/ink-render-node.js)`);
			return;
		}
		patched.set('render-node-to-output.js', readFileSync(path.join(root, 'scripts', 'ink-render-node.js'), 'utf8'));
		b.onLoad({filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](dom|reconciler|render-node-to-output|ink)\.js$/}, (args) => ({contents: patched.get(path.basename(args.path)), loader: 'js'}));
	},
};

/**
 * Ink's Text makes a new transform function (its colours and styles) every time it is rendered,
 * so a re-rendered Text whose props did not change still counts as changed (above). The function
 * depends only on those values: Texts with the same ones share one, made once.
 */
const TEXT_TRANSFORM_START = '    const transform = (children) => {\n';
const TEXT_TRANSFORM_END = '        return children;\n    };\n';
const TEXT_TRANSFORM_USES = ['dimColor', 'color', 'backgroundColor', 'inheritedBackgroundColor', 'bold', 'italic', 'underline', 'strikethrough', 'inverse'];
const sharedTextTransforms = {
	name: 'shared-text-transforms',
	setup(b) {
		b.onLoad({filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]components[\\/]Text\.js$/}, (args) => {
			const source = readFileSync(args.path, 'utf8');
			const start = source.indexOf(TEXT_TRANSFORM_START);
			const end = source.indexOf(TEXT_TRANSFORM_END, start);
			const body = start < 0 || end < 0 ? '' : source.slice(start + TEXT_TRANSFORM_START.length, end);
			// Only the values listed may be read by it (anything else would be shared wrongly).
			const names = new Set(body.replace(/\/\/.*$/gm, '').match(/\b[A-Za-z_$][\w$]*\b(?!\s*[:(])/g) ?? []);
			const known = new Set([...TEXT_TRANSFORM_USES, 'children', 'chalk', 'colorize', 'const', 'effectiveBackgroundColor', 'if', 'foreground', 'background', 'dim', 'return']);
			const unknown = [...names].filter((name) => !known.has(name));
			if (body === '' || source.split(TEXT_TRANSFORM_START).length !== 2 || unknown.length > 0) {
				console.warn(`bundle: Ink's Text.js has changed (${unknown.join(', ') || 'no transform found'}); each Text makes its own transform`);
				return undefined;
			}
			const closure = source.slice(start + 4, end + TEXT_TRANSFORM_END.length - 2).replace('const transform = ', '');
			const shared = `
const sharedTransforms = new Map();
function sharedTransform(${TEXT_TRANSFORM_USES.join(', ')}) {
    let key = '';
    for (const value of [${TEXT_TRANSFORM_USES.join(', ')}]) key += typeof value + ':' + String(value) + '\\u0000';
    let transform = sharedTransforms.get(key);
    if (transform === undefined) {
        if (sharedTransforms.size >= 1000) sharedTransforms.clear();
        transform = ${closure};
        // Colours and styles only: a text's shape (the width of each character, its spaces) is kept.
        transform[Symbol.for('tcp-tui.ink-style-transform')] = true;
        sharedTransforms.set(key, transform);
    }
    return transform;
}
`;
			const contents = source.slice(0, start) + `    const transform = sharedTransform(${TEXT_TRANSFORM_USES.join(', ')});\n` + source.slice(end + TEXT_TRANSFORM_END.length) + shared;
			return {contents, loader: 'js'};
		});
	},
};

/**
 * Ink throttles each frame and each write with es-toolkit's throttle, which keeps a timer armed
 * after every call even when no call waits: two wakeups of the process per frame that do nothing.
 * Ink's ink.js gets scripts/ink-throttle.js instead, which calls at the same moments.
 */
const lazyThrottle = {
	name: 'lazy-throttle',
	setup(b) {
		b.onResolve({filter: /^es-toolkit\/compat$/}, (args) => (/[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/.test(args.importer) ? {path: path.join(root, 'scripts', 'ink-throttle.js')} : undefined));
	},
};

/**
 * Yoga's WebAssembly is inlined as base64; its loader asks for `fetch` first (a browser's way), and
 * in Node merely looking at the global `fetch` loads undici (~20 ms before the first frame), which
 * then fetches the data: URL. Told there is no fetch, the loader decodes the same bytes itself.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(b) {
		b.onLoad({filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, (args) => {
			const source = readFileSync(args.path, 'utf8');
			const asks = source.split('"function"!=typeof fetch').length - 1;
			if (asks !== 2) {
				console.warn(`bundle: yoga's loader has changed (${asks} looks at fetch, not 2); left as it is`);
				return undefined;
			}
			return {contents: source.replaceAll('"function"!=typeof fetch', '!0'), loader: 'js'};
		});
	},
};

/**
 * meow sets up normalize-package-data (with semver, hosted-git-info, the SPDX lists) as it is
 * loaded, ~10 ms before the first frame, although only `--version` (cli.pkg) uses it: set up on
 * first use instead.
 */
const MEOW_EAGER = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
const lazyPackageNormalizer = {
	name: 'lazy-package-normalizer',
	setup(b) {
		b.onLoad({filter: /[\\/]node_modules[\\/]meow[\\/]build[\\/]dependencies\.js$/}, (args) => {
			const source = readFileSync(args.path, 'utf8');
			if (!source.includes(MEOW_EAGER)) {
				console.warn("bundle: meow's dependencies.js has changed; normalize-package-data is set up as it is loaded");
				return undefined;
			}
			return {contents: source.replace(MEOW_EAGER, 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);'), loader: 'js'};
		});
	},
};

/** Ink connects to React DevTools only under DEV=true, from an optional package it does not install. */
const noDevtools = {
	name: 'no-devtools',
	setup(b) {
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'no-devtools'}));
		b.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({
			contents: "export default {initialize() {}, connectToDevTools() { throw new Error('React DevTools are not part of this build'); }};",
			loader: 'js',
		}));
	},
};

// esbuild adds chunks and never removes them: chunks of earlier builds would be packed with the bin.
rmSync(path.resolve(root, outdir, 'chunks'), {recursive: true, force: true});

await build({
	absWorkingDir: root,
	entryPoints: {[name]: entry},
	outdir,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	external: ['ssh2'],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: true,
	minifyWhitespace: true,
	minifySyntax: true,
	// CommonJS dependencies (React) call require() for Node's own modules.
	banner: {js: "import {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);"},
	plugins: [rememberInkFrames, fastStringWidth, rowRememberingOutput, keptWrites, sharedTextTransforms, lazyThrottle, yogaWithoutFetch, lazyPackageNormalizer, noDevtools],
	logLevel: 'warning',
});
