// What every component needs to draw in the user's language and terminal: strings, glyphs,
// whether colour and Unicode are allowed.
import React, {createContext, useContext} from 'react';
import {Text, type TextProps} from 'ink';
import type {Lang} from '../i18n/lang.js';
import {uiText, type UiKey} from '../i18n/ui.js';
import {glyphsFor, toAscii, type Glyphs} from './glyphs.js';

export interface Ui {
	lang: Lang;
	ascii: boolean;
	color: boolean;
	glyphs: Glyphs;
	t(key: UiKey, params?: Record<string, string | number>): string;
	/** A colour name when colours are on, otherwise undefined (Ink then draws plain text). */
	c(color: string): string | undefined;
}

export function makeUi(lang: Lang, ascii: boolean, color: boolean): Ui {
	return {
		lang,
		ascii,
		color,
		glyphs: glyphsFor(ascii),
		t: (key, params) => uiText(lang, key, params),
		c: (name) => (color ? name : undefined),
	};
}

export const UiContext = createContext<Ui>(makeUi('en', false, true));

export function useUi(): Ui {
	return useContext(UiContext);
}

/**
 * Ink's Text, with drawing characters mapped to ASCII under --ascii and colours dropped under
 * --no-color. Memoised: a line whose text and style are the props it had (most of a screen from
 * one frame to the next) is not drawn again; children that are elements are new every time, so
 * those lines are.
 */
export const Txt = React.memo(function Txt(props: TextProps & {children?: React.ReactNode}): React.JSX.Element {
	const ui = useUi();
	const {children, color, backgroundColor, wrap, ...rest} = props;
	const mapped = ui.ascii ? mapChildren(children) : children;
	// Every line is laid out to fit; should one still be too wide, cut it rather than let it wrap
	// and push the rows below it off the screen.
	return (
		<Text {...rest} wrap={wrap ?? 'truncate'} color={ui.color ? color : undefined} backgroundColor={ui.color ? backgroundColor : undefined}>
			{mapped}
		</Text>
	);
});

function mapChildren(children: React.ReactNode): React.ReactNode {
	if (typeof children === 'string') return toAscii(children);
	if (Array.isArray(children)) return children.map((child) => (typeof child === 'string' ? toAscii(child) : child));
	return children;
}

export const STATE_COLORS: Record<string, string> = {
	CLOSED: 'gray',
	LISTEN: 'blue',
	SYN_SENT: 'yellow',
	SYN_RCVD: 'yellow',
	ESTABLISHED: 'green',
	FIN_WAIT_1: 'magenta',
	FIN_WAIT_2: 'magenta',
	CLOSE_WAIT: 'cyan',
	CLOSING: 'magenta',
	LAST_ACK: 'cyan',
	TIME_WAIT: 'red',
};
