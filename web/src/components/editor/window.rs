//! Which lines of a long text the editor lays out. A textarea holding a
//! megabyte costs Chromium about 60 ms a keystroke, whatever the page does,
//! so past [`WINDOW_FROM_LINES`] lines the textarea holds only the lines
//! around what is visible, placed at their height in a box as tall as the
//! whole text. Scrolling moves the window; typing edits the window, and the
//! whole text is the window spliced back between the lines around it.

use std::ops::Range;

/// The height of a line of the editor, in px (`.editor` in the style sheet).
pub const LINE_PX: f64 = 20.0;

/// Texts with more lines than this are laid out through a window. Every
/// line laid out costs each keystroke (the colours are redrawn), about 1.5 ms
/// a kilobyte; the examples (up to 190 lines) are laid out whole.
pub const WINDOW_FROM_LINES: usize = 300;

/// Lines laid out above and below those visible.
const MARGIN: usize = 60;

/// The window moves when what is visible comes this close to its edge.
const SLACK: usize = 20;

/// Lines drawn in colour beyond those visible. The textarea holds more (the
/// window), but a keystroke draws only these again.
const COLOUR_MARGIN: usize = 15;

/// The coloured lines are drawn again when what is visible comes this close
/// to their edge.
const COLOUR_SLACK: usize = 5;

/// A run of whole lines of a text. The window never ends with its line's
/// newline: a textarea shows a trailing newline as one more line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The byte where the window starts: the start of a line.
    pub start: usize,
    /// The byte where it ends: the end of a line (before its newline).
    pub end: usize,
    /// The zero-based line at `start`.
    pub first: usize,
    /// How many lines the window holds (at least one).
    pub lines: usize,
    /// How many lines the whole text has.
    pub total: usize,
}

/// How many lines `text` has (an empty text has one).
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

/// The byte where zero-based `line` starts (the text's end past its last line).
fn line_start(text: &str, line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    text.match_indices('\n').nth(line - 1).map_or(text.len(), |(i, _)| i + 1)
}

/// The zero-based line holding byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at.min(text.len())).map_or(0, |head| head.bytes().filter(|b| *b == b'\n').count())
}

impl Window {
    /// The whole text as one window.
    pub fn whole(text: &str) -> Self {
        let total = line_count(text);
        Window { start: 0, end: text.len(), first: 0, lines: total, total }
    }

    /// Lines `lines` of a text of `total` lines, clipped to the text.
    pub fn of_lines(text: &str, total: usize, lines: Range<usize>) -> Self {
        let total = total.max(1);
        let first = lines.start.min(total.saturating_sub(1));
        let last = lines.end.min(total).max(first + 1);
        let start = line_start(text, first);
        let end = line_start(text, last).saturating_sub(usize::from(last < total)).max(start);
        Window { start, end, first, lines: last - first, total }
    }

    /// The window for a text of `total` lines whose visible lines start at
    /// `first_visible` and number `visible`: the whole text when short.
    pub fn around(text: &str, total: usize, first_visible: usize, visible: usize) -> Self {
        if total <= WINDOW_FROM_LINES {
            return Window::whole(text);
        }
        let first_visible = first_visible.min(total.saturating_sub(visible));
        Window::of_lines(text, total, first_visible.saturating_sub(MARGIN)..first_visible + visible + MARGIN)
    }

    /// The window holding bytes `range` of the text with room around them,
    /// however many lines that takes.
    pub fn covering(text: &str, total: usize, range: Range<usize>, visible: usize) -> Self {
        if total <= WINDOW_FROM_LINES {
            return Window::whole(text);
        }
        let (from, to) = (line_of(text, range.start), line_of(text, range.end));
        Window::of_lines(text, total, from.saturating_sub(MARGIN)..to + visible + MARGIN)
    }

    /// `window` grown to hold bytes `range` too.
    pub fn spanning(text: &str, total: usize, window: Window, range: Range<usize>) -> Self {
        let (from, to) = (line_of(text, range.start), line_of(text, range.end));
        Window::of_lines(text, total, from.min(window.first)..(to + 1).max(window.first + window.lines))
    }

    /// Whether the lines visible (from `first_visible`, `visible` of them)
    /// are laid out with room to scroll: no move is needed.
    pub fn holds(&self, first_visible: usize, visible: usize) -> bool {
        let above = self.first == 0 || first_visible >= self.first + SLACK;
        let below = self.first + self.lines >= self.total || first_visible + visible + SLACK <= self.first + self.lines;
        above && below
    }

    /// The lines to draw in colour (numbered in the whole text): those
    /// visible and a margin, inside the window.
    pub fn coloured(&self, first_visible: usize, visible: usize) -> Range<usize> {
        let end = self.first + self.lines;
        let from = first_visible.saturating_sub(COLOUR_MARGIN).max(self.first).min(end);
        let to = (first_visible + visible + COLOUR_MARGIN).min(end).max(from);
        from..to
    }

    /// Whether the coloured lines `drawn` still cover what is visible, with room.
    pub fn colours_hold(&self, drawn: &Range<usize>, first_visible: usize, visible: usize) -> bool {
        let top = drawn.start <= self.first || first_visible >= drawn.start + COLOUR_SLACK;
        let bottom = drawn.end >= self.first + self.lines || first_visible + visible + COLOUR_SLACK <= drawn.end;
        top && bottom
    }

    /// Whether bytes `from..to` of the text lie in the window.
    pub fn contains(&self, from: usize, to: usize) -> bool {
        self.start <= from && to <= self.end
    }

    /// The window's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The whole text once the window's text became `shown`, and the window
    /// that then holds `shown`.
    pub fn splice(&self, text: &str, shown: &str) -> (String, Window) {
        let (head, tail) = (text.get(..self.start).unwrap_or(""), text.get(self.end..).unwrap_or(""));
        let mut whole = String::with_capacity(head.len() + shown.len() + tail.len());
        whole.push_str(head);
        whole.push_str(shown);
        whole.push_str(tail);
        let lines = line_count(shown);
        let window = Window { end: self.start + shown.len(), lines, total: self.total - self.lines + lines, ..*self };
        (whole, window)
    }
}

/// The bytes of zero-based lines `lines` of `text`: from the start of the
/// first to the end of the last, before its newline.
pub fn line_bytes(text: &str, lines: Range<usize>) -> Range<usize> {
    let start = line_start(text, lines.start);
    let end = if lines.end <= lines.start { start } else { line_start(text, lines.end).saturating_sub(1).max(start) };
    let end = if lines.end >= line_count(text) { text.len() } else { end };
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn below(w: &Window) -> usize {
        w.total - w.first - w.lines
    }

    fn numbered(lines: usize) -> String {
        (0..lines).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_short_text_is_one_window() {
        let text = "{\n  \"a\": 1\n}\n";
        let w = Window::around(text, line_count(text), 0, 40);
        assert_eq!(w, Window { start: 0, end: text.len(), first: 0, lines: 4, total: 4 });
        assert_eq!(w.text(text), text, "the whole text, its last newline included");
        assert!(w.holds(0, 40) && w.holds(3, 40));
    }

    #[test]
    fn a_long_text_lays_out_the_visible_lines_and_a_margin() {
        let text = numbered(10_000);
        let w = Window::around(&text, 10_000, 5_000, 40);
        let first = 5_000 - MARGIN;
        assert_eq!((w.first, w.lines, w.total, below(&w)), (first, 40 + 2 * MARGIN, 10_000, 10_000 - 5_040 - MARGIN));
        assert!(w.text(&text).starts_with(&format!("line {first}\n")));
        assert!(w.text(&text).ends_with(&format!("\nline {}", 5_039 + MARGIN)));
        assert!(w.holds(5_000, 40) && w.holds(first + SLACK, 40));
        assert!(!w.holds(first + SLACK - 1, 40), "too close to the top edge");
        assert!(!w.holds(5_000 + MARGIN - SLACK + 1, 40), "too close to the bottom edge");
        // At the ends of the text there is nothing more to lay out.
        let top = Window::around(&text, 10_000, 0, 40);
        assert_eq!((top.first, top.start), (0, 0));
        assert!(top.holds(0, 40));
        let bottom = Window::around(&text, 10_000, 20_000, 40);
        assert_eq!((bottom.first + bottom.lines, bottom.end, below(&bottom)), (10_000, text.len(), 0));
        assert!(bottom.text(&text).ends_with("line 9999") && bottom.holds(9_960, 40));
    }

    #[test]
    fn typing_in_the_window_splices_the_whole_text() {
        let text = numbered(5_000);
        let w = Window::around(&text, 5_000, 1_000, 40);
        let shown = w.text(&text).replacen("line 1000", "line 1000\nnew", 1);
        let (whole, after) = w.splice(&text, &shown);
        assert_eq!(whole, text.replacen("line 1000\n", "line 1000\nnew\n", 1));
        assert_eq!((after.first, after.lines, after.total, below(&after)), (w.first, w.lines + 1, 5_001, below(&w)));
        assert_eq!(after.text(&whole), shown);
    }

    #[test]
    fn a_range_far_away_is_covered_with_room_around_it() {
        let text = numbered(9_000);
        let at = text.find("line 7000").unwrap_or(0);
        let w = Window::covering(&text, 9_000, at..at + 4, 40);
        assert!(w.contains(at, at + 4));
        assert_eq!((w.first, w.lines), (7_000 - MARGIN, 40 + 2 * MARGIN));
        // A range longer than a window is covered whole.
        let long = Window::covering(&text, 9_000, 10..at, 40);
        assert!(long.contains(10, at) && long.first == 0);
    }

    #[test]
    fn a_window_spans_a_selection_that_reaches_out_of_it() {
        let text = numbered(9_000);
        let w = Window::around(&text, 9_000, 5_000, 40);
        let at = text.find("line 100\n").unwrap_or(0);
        let grown = Window::spanning(&text, 9_000, w, at..w.start + 10);
        assert_eq!((grown.first, grown.first + grown.lines), (100, w.first + w.lines));
        assert!(grown.contains(at, w.end));
        let below = Window::spanning(&text, 9_000, w, w.start..text.len());
        assert_eq!((below.first, below.end), (w.first, text.len()));
    }

    #[test]
    fn only_the_lines_in_view_and_a_margin_are_coloured() {
        let text = numbered(10_000);
        let w = Window::around(&text, 10_000, 5_000, 40);
        let drawn = w.coloured(5_000, 40);
        assert_eq!(drawn, 5_000 - COLOUR_MARGIN..5_040 + COLOUR_MARGIN);
        assert!(w.colours_hold(&drawn, 5_000, 40));
        assert!(!w.colours_hold(&drawn, 5_000 - COLOUR_MARGIN + COLOUR_SLACK - 1, 40), "scrolled up past the slack");
        assert!(!w.colours_hold(&drawn, 5_000 + COLOUR_MARGIN, 40), "scrolled down past the slack");
        // Inside the window only, and nothing more to draw at the text's ends.
        let top = Window::around(&text, 10_000, 0, 40);
        assert_eq!(top.coloured(0, 40), 0..40 + COLOUR_MARGIN);
        assert!(top.colours_hold(&top.coloured(0, 40), 0, 40));
        let short = Window::whole("a\nb\nc");
        assert_eq!(short.coloured(0, 40), 0..3);
        assert!(short.colours_hold(&(0..3), 0, 40));
    }

    #[test]
    fn the_bytes_of_lines() {
        let text = "ab\ncd\n\nef";
        assert_eq!(line_bytes(text, 0..1), 0..2);
        assert_eq!(&text[line_bytes(text, 1..3)], "cd\n");
        assert_eq!(&text[line_bytes(text, 2..4)], "\nef");
        assert_eq!(line_bytes(text, 0..9), 0..text.len());
        assert_eq!(line_bytes(text, 3..3), 7..7);
        assert_eq!(line_bytes("", 0..1), 0..0);
    }

    #[test]
    fn windows_of_odd_texts_stay_inside_them() {
        for text in ["", "\n", "a", "\n\n\n", "é\nü"] {
            let total = line_count(text);
            #[allow(clippy::reversed_empty_ranges)]
            for lines in [0..1, 0..9, 2..1, 5..9] {
                let w = Window::of_lines(text, total, lines);
                assert!(w.start <= w.end && w.end <= text.len() && text.is_char_boundary(w.start));
                assert!(w.lines >= 1 && w.first + w.lines <= total, "{text:?}: {w:?}");
            }
        }
    }
}
