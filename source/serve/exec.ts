// `ssh -p 2222 host COMMAND`: the headless commands a student may run on the server. Only built-in
// lessons by name: nothing here opens a path a student typed.
import type {Output} from '../cli/run-command.js';
import type {CliSettings} from '../cli/flags.js';
import {listDemos} from '../demo/catalog.js';
import type {Lang} from '../i18n/lang.js';
import {serveText} from '../i18n/serve.js';
import {closest} from '../scenario/units.js';

/** Select Graphic Rendition (bold, colours): the only escapes the table is drawn with. */
const STYLE = /\u001b\[[0-9;]*m/g;

/**
 * Output without styles. The table is drawn as Ink draws text, styled when the server's own stdout is a
 * terminal (the teacher's), which says nothing of where the student's output goes (`> file`, a pipe).
 */
function plain(io: Output): Output {
	return {out: (text) => io.out(text.replace(STYLE, '')), err: (text) => io.err(text.replace(STYLE, ''))};
}

export async function runExec(command: string, lang: Lang, io: Output): Promise<number> {
	const words = command.trim().split(/\s+/).filter((w) => w !== '');
	const [name, ...args] = words;
	if (name === undefined || name === 'help' || name === '--help') {
		for (const line of serveText(lang, 'execHelp').split('\n')) io.out(line);
		return name === undefined ? 2 : 0;
	}
	if (name === 'demo' && args.length === 0) {
		const {listCommand} = await import('../cli/demo-command.js');
		return listCommand(lang, io);
	}
	if (name === 'run' || (name === 'demo' && args.length > 0)) {
		const lesson = args[0];
		if (lesson === undefined || lesson.startsWith('-')) {
			io.err(serveText(lang, 'execRunNeedsName'));
			return 2;
		}
		if (args.length > 1) {
			// `run handshake --json` as on the teacher's machine: the lesson was given, the rest is what is refused.
			io.err(serveText(lang, 'execRunOnlyName', {arg: args.slice(1).join(' ')}));
			return 2;
		}
		const demos = listDemos();
		const demo = demos.find((d) => d.name === lesson);
		if (!demo) {
			const near = closest(lesson, demos.map((d) => d.name));
			io.err(serveText(lang, 'execNoLesson', {name: lesson, hint: near ? ` (${near}?)` : ''}));
			return 2;
		}
		const settings: CliSettings = {lang, link: {}, speed: 1, ascii: false, color: false, json: false, wireSide: 'client', given: new Set()};
		const {runCommand} = await import('../cli/run-command.js');
		// The lesson's absolute path inside the installation: never a file of the server's working folder.
		return runCommand(demo.path, settings, plain(io));
	}
	io.err(serveText(lang, 'execUnknown', {command: name}));
	return 2;
}
