// Ink 6.8's build/render-node-to-output.js as the bundle uses it (scripts/bundle.mjs puts it in
// place of Ink's own, together with its checked patches to dom.js and reconciler.js that call
// markInkNodeChanged). Ink walks the whole tree every frame: each text node is squashed, measured,
// wrapped and written again, each box's border and background made again, although most of the
// screen is what it was. Here a box or text node that has not changed since it was last drawn,
// drawn at the same place and size with the same transformers, gives Output the same writes
// (and clips) as last time instead of being walked. Anything else is drawn as Ink draws it.
//
// What "changed" means: the reconciler changed its props or style (other than a new style object
// of the same values), its children were added, moved or removed, a text under it changed, or it was
// hidden or shown; each such change marks the node and every node above it (markInkNodeChanged).
// Its layout is checked instead: the same absolute x, y, width and height give its subtree the same
// layout, since Yoga lays out a subtree from its box and its own styles and contents.
import widestLine from 'widest-line';
import indentString from 'indent-string';
import Yoga from 'yoga-layout';
import wrapText from './wrap-text.js';
import getMaxWidth from './get-max-width.js';
import squashTextNodes from './squash-text-nodes.js';
import renderBorder from './render-border.js';
import renderBackground from './render-background.js';

/** A node's writes since it was last drawn are kept under this key, with where it was drawn. */
const DRAWN = Symbol('ink drawn');
/** Set on a node (and every node above it) when something it draws from changes. */
export const CHANGED = Symbol('ink changed');

/**
 * Set on the node a change was made to (not on the nodes above it): its own background, border
 * and clip are made again. A box above a changed node, itself unchanged and drawn at the same
 * place and size, gives them again and only its children are walked.
 */
const SELF_CHANGED = Symbol('ink self changed');
/** A box's own writes (background, border) and clip, with where it was drawn. */
const OWN = Symbol('ink own writes');

/** Marks `node` and every node above it as changed: their kept writes are not used again. */
export function markInkNodeChanged(node) {
	node[SELF_CHANGED] = true;
	for (let current = node; current !== undefined; current = current.parentNode) current[CHANGED] = true;
}

/**
 * Yoga's layout of the tree changes only when Ink lays it out with the root marked dirty (a node
 * added, moved or removed, a style or a measured text changed, another width): the bundle's patch
 * of Ink's calculateLayout calls layoutMayMove then. Between two such layouts every node's box is
 * what was read from Yoga last, kept on the node: a frame that changed only a clock's digits
 * reads no box from Yoga (each read is a call into its WebAssembly that allocates).
 */
let layoutEpoch = 0;
export function layoutMayMove() {
	layoutEpoch++;
}
const BOX = Symbol('ink box');
function boxOf(node, yogaNode) {
	let box = node[BOX];
	if (box !== undefined && box.epoch === layoutEpoch) return box;
	// One object a node, read into again after each layout (a frame that lays out anew allocates none).
	if (box === undefined) {
		box = {epoch: 0, hidden: false, left: 0, top: 0, width: 0, height: 0};
		node[BOX] = box;
	}
	box.epoch = layoutEpoch;
	box.hidden = yogaNode.getDisplay() === Yoga.DISPLAY_NONE;
	box.left = yogaNode.getComputedLeft();
	box.top = yogaNode.getComputedTop();
	box.width = yogaNode.getComputedWidth();
	box.height = yogaNode.getComputedHeight();
	return box;
}

/** Ink's Text gives its colour-and-style transforms this mark (the bundle's patch of Text.js). */
export const STYLE_TRANSFORM = Symbol.for('tcp-tui.ink-style-transform');

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const ESC = 0x1b;
const isDigit = (code) => code >= DIGIT_0 && code <= DIGIT_9;
/** A character next to a digit that never joins it into one grapheme (see sameTextShape). */
const standsApart = (code) => Number.isNaN(code) || code < 0x300 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3);

/**
 * Whether a text node's new value measures as its old one at every width, so that Yoga's layout
 * (and its cached measurements of the text around it) stays right without measuring it again: the
 * same length, differing only in digits for digits (a clock or a countdown), with no escape codes,
 * each changed digit its own grapheme, and no transform between the node and its box but Ink
 * Text's colours and styles. Each character then keeps its width and whether it is a space, so
 * wrapping and truncating break the text at the same places.
 */
export function sameTextShape(node, text) {
	const old = node.nodeValue;
	if (typeof old !== 'string' || old.length !== text.length) return false;
	for (let i = 0; i < text.length; i++) {
		const a = old.charCodeAt(i);
		if (a === ESC) return false;
		const b = text.charCodeAt(i);
		if (a === b) continue;
		if (!isDigit(a) || !isDigit(b) || !standsApart(text.charCodeAt(i - 1)) || !standsApart(text.charCodeAt(i + 1))) return false;
	}
	for (let parent = node.parentNode; parent !== undefined && parent.yogaNode === undefined; parent = parent.parentNode) {
		const transform = parent.internal_transform;
		if (typeof transform === 'function' && transform[STYLE_TRANSFORM] !== true) return false;
	}
	return true;
}

// If parent container is `<Box>`, text nodes will be treated as separate nodes in
// the tree and will have their own coordinates in the layout.
// To ensure text nodes are aligned correctly, take X and Y of the first text node
// and use it as offset for the rest of the nodes
// Only first node is taken into account, because other text nodes can't have margin or padding,
// so their coordinates will be relative to the first node anyway
const applyPaddingToText = (node, text) => {
	const yogaNode = node.childNodes[0]?.yogaNode;
	if (yogaNode) {
		const offsetX = yogaNode.getComputedLeft();
		const offsetY = yogaNode.getComputedTop();
		text = '\n'.repeat(offsetY) + indentString(text, offsetX);
	}
	return text;
};
// Ink's own, unchanged (it is not used for the screen).
export const renderNodeToScreenReaderOutput = (node, options = {}) => {
    if (options.skipStaticElements && node.internal_static) {
        return '';
    }
    if (node.yogaNode?.getDisplay() === Yoga.DISPLAY_NONE) {
        return '';
    }
    let output = '';
    if (node.nodeName === 'ink-text') {
        output = squashTextNodes(node);
    }
    else if (node.nodeName === 'ink-box' || node.nodeName === 'ink-root') {
        const separator = node.style.flexDirection === 'row' ||
            node.style.flexDirection === 'row-reverse'
            ? ' '
            : '\n';
        const childNodes = node.style.flexDirection === 'row-reverse' ||
            node.style.flexDirection === 'column-reverse'
            ? [...node.childNodes].reverse()
            : [...node.childNodes];
        output = childNodes
            .map(childNode => {
            const screenReaderOutput = renderNodeToScreenReaderOutput(childNode, {
                parentRole: node.internal_accessibility?.role,
                skipStaticElements: options.skipStaticElements,
            });
            return screenReaderOutput;
        })
            .filter(Boolean)
            .join(separator);
    }
    if (node.internal_accessibility) {
        const { role, state } = node.internal_accessibility;
        if (state) {
            const stateKeys = Object.keys(state);
            const stateDescription = stateKeys.filter(key => state[key]).join(', ');
            if (stateDescription) {
                output = `(${stateDescription}) ${output}`;
            }
        }
        if (role && role !== options.parentRole) {
            output = `${role}: ${output}`;
        }
    }
    return output;
};

/** Whether two lists of transformers are the same functions in the same order. */
function sameTransformers(a, b) {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

// After nodes are laid out, render each to output object, which later gets rendered to terminal
const renderNodeToOutput = (node, output, options) => {
	const {offsetX = 0, offsetY = 0, transformers = [], skipStaticElements} = options;
	if (skipStaticElements && node.internal_static) {
		return;
	}
	const {yogaNode} = node;
	if (yogaNode) {
		const box = boxOf(node, yogaNode);
		if (box.hidden) {
			return;
		}
		// Left and top positions in Yoga are relative to their parent node
		const x = offsetX + box.left;
		const y = offsetY + box.top;
		const {width, height} = box;
		const drawn = node[DRAWN];
		if (drawn !== undefined && node[CHANGED] !== true && drawn.x === x && drawn.y === y && drawn.width === width && drawn.height === height && drawn.skipStaticElements === skipStaticElements && sameTransformers(drawn.transformers, transformers)) {
			pushAll(output.operations, drawn.operations);
			return;
		}
		const start = output.operations.length;
		drawNode(node, output, x, y, width, height, transformers, skipStaticElements);
		node[DRAWN] = {x, y, width, height, skipStaticElements, transformers, operations: output.operations.slice(start)};
		node[CHANGED] = false;
		const children = node.childNodes;
		if (children !== undefined) for (let i = 0; i < children.length; i++) children[i][CHANGED] = false;
	}
};

// Indexed loops on the frame's path: a frame may run before V8 optimises this code (a countdown
// draws 2 frames a second), and there each for…of allocates an iterator and a result per item.
function pushAll(target, items) {
	for (let i = 0; i < items.length; i++) target.push(items[i]);
}

/** Ink's drawing of one node at (x, y), its children through renderNodeToOutput. */
function drawNode(node, output, x, y, width, height, transformers, skipStaticElements) {
	const {yogaNode} = node;
	// Transformers are functions that transform final text output of each component
	// See Output class for logic that applies transformers
	let newTransformers = transformers;
	if (typeof node.internal_transform === 'function') {
		newTransformers = [node.internal_transform, ...transformers];
	}
	if (node.nodeName === 'ink-text') {
		let text = squashTextNodes(node);
		if (text.length > 0) {
			const currentWidth = widestLine(text);
			const maxWidth = getMaxWidth(yogaNode);
			if (currentWidth > maxWidth) {
				const textWrap = node.style.textWrap ?? 'wrap';
				text = wrapText(text, maxWidth, textWrap);
			}
			text = applyPaddingToText(node, text);
			output.write(x, y, text, {transformers: newTransformers});
		}
		return;
	}
	let clipped = false;
	if (node.nodeName === 'ink-box') {
		const own = node[OWN];
		if (own !== undefined && node[SELF_CHANGED] !== true && own.x === x && own.y === y && own.width === width && own.height === height) {
			// Drawn from its style and its box alone: the same as last time.
			pushAll(output.operations, own.operations);
			clipped = own.clipped;
		} else {
			const start = output.operations.length;
			renderBackground(x, y, node, output);
			renderBorder(x, y, node, output);
			const clipHorizontally = node.style.overflowX === 'hidden' || node.style.overflow === 'hidden';
			const clipVertically = node.style.overflowY === 'hidden' || node.style.overflow === 'hidden';
			if (clipHorizontally || clipVertically) {
				const x1 = clipHorizontally ? x + yogaNode.getComputedBorder(Yoga.EDGE_LEFT) : undefined;
				const x2 = clipHorizontally ? x + yogaNode.getComputedWidth() - yogaNode.getComputedBorder(Yoga.EDGE_RIGHT) : undefined;
				const y1 = clipVertically ? y + yogaNode.getComputedBorder(Yoga.EDGE_TOP) : undefined;
				const y2 = clipVertically ? y + yogaNode.getComputedHeight() - yogaNode.getComputedBorder(Yoga.EDGE_BOTTOM) : undefined;
				output.clip({x1, x2, y1, y2});
				clipped = true;
			}
			node[OWN] = {x, y, width, height, clipped, operations: output.operations.slice(start)};
			node[SELF_CHANGED] = false;
		}
	}
	if (node.nodeName === 'ink-root' || node.nodeName === 'ink-box') {
		const children = node.childNodes;
		for (let i = 0; i < children.length; i++) {
			renderNodeToOutput(children[i], output, {
				offsetX: x,
				offsetY: y,
				transformers: newTransformers,
				skipStaticElements,
			});
		}
		if (clipped) {
			output.unclip();
		}
	}
}
export default renderNodeToOutput;
