package badge

// The texts on a badge: measured with the font's own widths (widths.go), so the boxes fit
// without a browser, cut to a bounded length, and escaped for XML.

import (
	"html"
	"strings"
	"unicode/utf8"
)

// maxTextRunes bounds a page or component name on a badge; longer ones end in "…".
const maxTextRunes = 40

// textWidth is the width of s in pixels, in DejaVu Sans at 11px.
func textWidth(s string) float64 {
	width := 0.0
	for _, r := range s {
		if r >= ' ' && r <= '~' {
			width += asciiWidths[r-' ']
		} else {
			width += wideWidth // wider than most: a box too wide, never text overflowing it
		}
	}
	return width
}

// clean makes s printable in XML 1.0: valid UTF-8, no control characters (not even
// escaped, XML 1.0 has no way to write most of them), whitespace runs as one space.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return ' '
		case r == 0xFFFE || r == 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// shorten cuts s to maxTextRunes runes, marking the cut.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxTextRunes {
		return s
	}
	return string([]rune(s)[:maxTextRunes-1]) + "…"
}

// escape is s as XML text or attribute value (both quotes escaped).
func escape(s string) string { return html.EscapeString(s) }
