// The frame-cost yardstick: a bare Ink app (no tcp-tui code, Ink as installed, unbundled) redrawing a
// full bordered screen 20 times a second; every line changes (a marker moves along each row). The
// long-session bench measures its CPU beside the app's. q quits.
import React, {useEffect, useState} from 'react';
import {render, Box, Text, useInput, useApp, useStdout} from 'ink';

function Animated(): React.ReactElement {
	const {stdout} = useStdout();
	const {exit} = useApp();
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame((n) => n + 1), 50);
		return () => clearInterval(timer);
	}, []);
	useInput((input) => {
		if (input === 'q') exit();
	});
	const columns = stdout.columns || 80;
	const rows = stdout.rows || 24;
	const inner = columns - 2;
	const lines = Array.from({length: rows - 3}, (_, row) => {
		const at = (frame + row * 3) % (inner - 12);
		return `${String(row).padStart(2)} ${'─'.repeat(at)}▶ ${frame}`;
	});
	return (
		<Box flexDirection="column" width={columns} height={rows}>
			<Box borderStyle="round" flexDirection="column" width={columns} height={rows - 1}>
				{lines.map((line, row) => (
					<Text key={row} color={row % 2 === 0 ? 'cyan' : 'yellow'} wrap="truncate">{line}</Text>
				))}
			</Box>
			<Text>bare Ink, frame {frame} (q quits)</Text>
		</Box>
	);
}

render(<Animated />);
