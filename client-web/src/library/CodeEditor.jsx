import { useEffect, useRef } from 'react';
import { Box } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { EditorState } from '@codemirror/state';
import {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  HighlightStyle, StreamLanguage, bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { python } from '@codemirror/lang-python';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { markdown } from '@codemirror/lang-markdown';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { tags } from '@lezer/highlight';

const LANGUAGES = {
  python: () => python(), json: () => json(), yaml: () => yaml(), markdown: () => markdown(),
  shell: () => StreamLanguage.define(shell), text: () => [],
};

// Readable on the dark theme too (the default style's blues and purples are for a light page).
const darkHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#c792ea' }, { tag: [tags.string, tags.special(tags.string)], color: '#c3e88d' },
  { tag: tags.comment, color: '#8a97a8', fontStyle: 'italic' }, { tag: [tags.number, tags.bool, tags.null], color: '#f78c6c' },
  { tag: [tags.variableName, tags.propertyName], color: '#82aaff' }, { tag: tags.heading, fontWeight: 'bold', color: '#ffcb6b' },
]);

// A code editor (CodeMirror 6): line numbers, highlighting for the languages twins use, undo, search
// (Ctrl-F), Tab indents, Ctrl-S saves. {value} is read once; the editor owns the text and reports each change.
export default function CodeEditor({ value, language, onChange, onSave, label }) {
  const host = useRef(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const save = useRef(onSave);
  save.current = onSave;
  const text = useRef(value); // survives a theme change, which makes the editor anew
  const theme = useTheme();
  const dark = theme.palette.mode === 'dark';

  useEffect(() => {
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text.current,
        extensions: [
          lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
          indentOnInput(), bracketMatching(), highlightActiveLine(), highlightSelectionMatches(),
          syntaxHighlighting(dark ? darkHighlight : defaultHighlightStyle, { fallback: true }),
          keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => { if (save.current) save.current(); return true; } },
            ...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
          (LANGUAGES[language] || LANGUAGES.text)(),
          EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
          EditorView.theme({
            '&': { fontSize: '13px', backgroundColor: theme.palette.background.paper, color: theme.palette.text.primary },
            '.cm-gutters': { backgroundColor: theme.palette.action.hover, color: theme.palette.text.secondary, border: 'none' },
            '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: theme.palette.action.selected },
            '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', caretColor: theme.palette.text.primary },
            '.cm-scroller': { minHeight: '16rem', maxHeight: '60vh' },
          }, { dark }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            text.current = update.state.doc.toString();
            changed.current(text.current);
          }),
        ],
      }),
    });
    view.focus();
    return () => view.destroy();
    // the editor keeps its own text; it is made anew only for another language or theme
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, dark]);

  return <Box ref={host} data-testid="code-editor" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }} />;
}
